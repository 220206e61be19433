// Neo4j 5 constraints and indexes for the kg property graph; safe to run again (IF NOT EXISTS).
// cypher-shell -u neo4j -p <password> -f schema.cypher

CREATE CONSTRAINT kg_actor_id IF NOT EXISTS FOR (n:Actor) REQUIRE n.id IS UNIQUE;
CREATE INDEX kg_actor_key IF NOT EXISTS FOR (n:Actor) ON (n.key);
CREATE CONSTRAINT kg_channel_id IF NOT EXISTS FOR (n:Channel) REQUIRE n.id IS UNIQUE;
CREATE INDEX kg_channel_key IF NOT EXISTS FOR (n:Channel) ON (n.key);
CREATE CONSTRAINT kg_event_id IF NOT EXISTS FOR (n:Event) REQUIRE n.id IS UNIQUE;
CREATE INDEX kg_event_key IF NOT EXISTS FOR (n:Event) ON (n.key);
CREATE INDEX kg_event_date IF NOT EXISTS FOR (n:Event) ON (n.date);
CREATE CONSTRAINT kg_outlet_id IF NOT EXISTS FOR (n:Outlet) REQUIRE n.id IS UNIQUE;
CREATE INDEX kg_outlet_key IF NOT EXISTS FOR (n:Outlet) ON (n.key);
CREATE CONSTRAINT kg_place_id IF NOT EXISTS FOR (n:Place) REQUIRE n.id IS UNIQUE;
CREATE INDEX kg_place_key IF NOT EXISTS FOR (n:Place) ON (n.key);
CREATE CONSTRAINT kg_source_id IF NOT EXISTS FOR (n:Source) REQUIRE n.id IS UNIQUE;
CREATE INDEX kg_source_key IF NOT EXISTS FOR (n:Source) ON (n.key);
CREATE INDEX kg_reported_by_id IF NOT EXISTS FOR ()-[r:REPORTED_BY]-() ON (r.id);
