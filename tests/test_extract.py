"""Behaviour tests of extraction on held-out news: short articles written the
way wire services, Korean, Japanese, US and North Korean state media report
Trump–Kim diplomacy, none of them taken from the seeds or the dev set.

Each case is one article (front matter + 1–6 sentences) built through the
public path (`kg.build` on a folder) and one fact a careful reader would take
from it: the event's type, who took part, sender and recipient, date and
precision, place, channel, status, modality, attribution, count and catalog
link — or a fact a careful reader would *not* take from it. Cases assert the
presence or absence of specific facts, never how many events came out.

Known gaps are strict xfails whose reason says what the extractor gets wrong;
when a fix lands the xfail turns into a failure that asks for the mark to go.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from kg import build

TRUMP, KIM, MOON = "donald-trump", "kim-jong-un", "moon-jae-in"
NK, US, SK = "north-korea", "united-states", "south-korea"
POMPEO, BIEGUN, KYC = "mike-pompeo", "stephen-biegun", "kim-yong-chol"

# name: (published, outlet, text). Paraphrased reporting of real events, 2017–2025.
ARTICLES: dict[str, tuple[str, str, str]] = {
    # -- summits and meetings -------------------------------------------------
    "singapore": ("2018-06-12", "Yonhap", """\
U.S. President Donald Trump and North Korean leader Kim Jong-un held their first summit in Singapore on Tuesday, \
shaking hands at a resort hotel on Sentosa Island before sitting down for talks.

The two leaders signed a joint statement in which Kim committed to work toward the complete denuclearization of \
the Korean Peninsula and Trump promised security guarantees for the North."""),
    "hanoi-collapse": ("2019-02-28", "Associated Press", """\
The second summit between President Donald Trump and North Korean leader Kim Jong Un ended abruptly in Hanoi on \
Thursday without any agreement, after the two sides failed to bridge their differences over sanctions relief.

"Sometimes you have to walk, and this was just one of those times," Trump told reporters at a news conference \
before leaving Vietnam."""),
    "panmunjom": ("2019-07-01", "The Korea Herald", """\
Trump on Sunday became the first sitting U.S. president to set foot in North Korea, stepping across the military \
demarcation line at Panmunjom to shake hands with Kim Jong-un.

The two leaders then held talks for about 50 minutes at the Freedom House on the southern side of the truce \
village. South Korean President Moon Jae-in joined them briefly before the talks."""),
    "pompeo-july": ("2018-07-07", "Reuters", """\
U.S. Secretary of State Mike Pompeo wrapped up two days of talks with senior North Korean official Kim Yong Chol \
in Pyongyang on Saturday, saying the discussions had made progress on "almost all of the central issues."

Hours later, North Korea's Foreign Ministry called the U.S. attitude during the talks "regrettable" and accused \
Washington of making a "gangster-like" demand for unilateral denuclearization."""),
    "pompeo-oct": ("2018-10-08", "Yonhap", """\
U.S. Secretary of State Mike Pompeo met North Korean leader Kim Jong-un in Pyongyang on Sunday for his fourth \
visit to the North.

Later in Seoul, he said the two sides had agreed to hold a second summit between Kim and Trump \
"as soon as possible." """),
    "stockholm-planned": ("2019-10-02", "NK News", """\
North Korea and the United States will hold working-level nuclear talks on Saturday, First Vice Foreign Minister \
Choe Son Hui said in a statement carried by KCNA on Tuesday.

The two sides will have preliminary contact on Friday, she said, without naming the venue. Stephen Biegun, the \
U.S. special representative for North Korea, is expected to lead the American delegation."""),
    "stockholm-collapse": ("2019-10-06", "Yonhap", """\
Working-level nuclear talks between North Korea and the United States broke down in Stockholm on Saturday, with \
the North's chief negotiator blaming Washington for coming "empty-handed."

Kim Myong-gil told reporters outside the North Korean embassy that the talks "have not fulfilled our expectation \
and finally broke off." The State Department said U.S. envoy Stephen Biegun had brought "creative ideas" to the \
table."""),
    "vladivostok": ("2019-04-25", "Associated Press", """\
Kim Jong Un and Russian President Vladimir Putin held their first summit on Thursday in Vladivostok, where the \
North Korean leader arrived by armored train a day earlier."""),
    "moon-white-house": ("2019-04-12", "The Korea Times", """\
President Moon Jae-in met Trump at the White House on Thursday in a bid to revive stalled nuclear talks between \
Washington and Pyongyang."""),
    "three-days-later": ("2018-05-29", "Reuters", """\
Trump called off the summit with Kim Jong Un on May 24. Three days later, a U.S. delegation led by veteran \
diplomat Sung Kim held talks with North Korean officials on the northern side of Panmunjom to prepare for a \
possible meeting."""),
    "biegun-pyongyang": ("2019-02-11", "Arirang News", """\
U.S. special representative Stephen Biegun held three days of talks in Pyongyang last week with his North Korean \
counterpart Kim Hyok Chol to prepare for the second summit, according to Yonhap."""),
    "biegun-title": ("2019-02-08", "Yonhap", """\
U.S. Special Representative for North Korea Stephen Biegun held talks in Pyongyang on Wednesday to prepare for a \
second summit, the State Department said."""),
    "letter-released": ("2019-12-04", "Reuters", """\
North Korean leader Kim Jong Un had threatened a nuclear showdown. On Thursday, Trump released a letter to Kim \
saying the summit would not take place."""),
    "cancelled-it": ("2018-06-02", "Associated Press", """\
Kim Yong Chol handed Trump a letter from Kim Jong Un at the White House on Friday. Trump said the summit was back \
on, just a week after he had canceled it."""),
    "rebuffed-comments": ("2024-07-25", "Associated Press", """\
KCNA on Wednesday rebuffed the comments Trump made about his ties with Kim Jong Un, saying personal ties do not \
shape policy."""),
    # -- planned and cancelled ------------------------------------------------
    "planned-next-month": ("2019-01-19", "Associated Press", """\
President Donald Trump will meet North Korean leader Kim Jong Un again next month, the White House said Friday \
after Trump hosted Kim Yong Chol, a top North Korean official, in the Oval Office for 90 minutes.

Sarah Sanders said the summit would take place near the end of February at a location to be announced later."""),
    "planned-set-june12": ("2018-05-11", "Reuters", """\
U.S. President Donald Trump said on Thursday his highly anticipated summit with North Korean leader Kim Jong Un is \
set for June 12 in Singapore."""),
    "planned-next-week": ("2019-02-20", "VOA", """\
Trump and Kim will hold their second summit in Hanoi next week, and U.S. envoy Stephen Biegun is in the \
Vietnamese capital to prepare for it, the State Department said."""),
    "pompeo-trip-off": ("2018-08-25", "The New York Times", """\
President Trump on Friday called off Secretary of State Mike Pompeo's planned trip to North Korea next week, \
saying there had not been "sufficient progress" toward the denuclearization of the Korean Peninsula.

Pompeo had announced on Thursday that he would travel to Pyongyang with Stephen Biegun, the newly named special \
representative for North Korea."""),
    # -- letters --------------------------------------------------------------
    "letter-warm": ("2018-09-11", "CNN", """\
President Donald Trump has received a "very warm, very positive letter" from North Korean leader Kim Jong Un, \
White House press secretary Sarah Sanders said Monday.

Sanders said the letter asked for a second meeting with the president and that the administration was \
"already looking at coordinating" one."""),
    "letter-cancel": ("2018-05-25", "The Washington Post", """\
President Trump on Thursday called off his planned June 12 summit with North Korean leader Kim Jong Un in \
Singapore, citing "tremendous anger and open hostility" in a recent statement from Pyongyang.

Trump announced the decision in a letter to Kim released by the White House. "If and when Chairman Kim chooses to \
engage in constructive dialogue and actions, I am waiting," the president said later at the White House."""),
    "letter-envoy": ("2018-06-02", "Associated Press", """\
Kim Yong Chol, a top aide to Kim Jong Un, hand-delivered a letter from the North Korean leader to President Donald \
Trump in the Oval Office on Friday.

After the meeting, which lasted more than an hour, Trump told reporters that the Singapore summit was back on for \
June 12."""),
    "letter-beautiful": ("2019-06-12", "Reuters", """\
U.S. President Donald Trump said on Tuesday he had received a "beautiful letter" from North Korean leader Kim Jong \
Un, a sign that diplomacy between the two countries may not be dead.

"I received a beautiful letter from Kim Jong Un," Trump told reporters at the White House. He declined to disclose \
what was in it."""),
    "letters-27": ("2020-09-10", "The Korea Times", """\
Trump and Kim exchanged 27 letters between 2018 and 2019, according to "Rage," a new book by journalist Bob \
Woodward.

In one of the letters, Kim described a possible second meeting as reminiscent of "a scene from a fantasy film," \
the book said."""),
    "letter-moon": ("2018-12-31", "Yonhap", """\
North Korean leader Kim Jong-un sent a personal letter to President Moon Jae-in on Sunday, expressing his hope to \
meet Moon frequently next year to discuss denuclearization, Cheong Wa Dae said."""),
    "letter-moon-new-year": ("2018-12-31", "Yonhap", """\
North Korean leader Kim Jong-un sent a letter to President Moon Jae-in on Sunday, saying he hopes to meet Moon \
often in the new year, Cheong Wa Dae said."""),
    "letter-birthday": ("2019-07-05", "The Korea Times", """\
Kim Jong-un sent Trump a birthday letter last month, shortly before the two leaders met at the inter-Korean \
border."""),
    "letter-greeting": ("2020-01-11", "Yonhap", """\
North Korea said on Saturday that Kim Jong-un had received a birthday greeting from Trump, but that it would not \
return to talks just because of the personal relationship between the two leaders.

Kim Kye-gwan, an adviser to the North's foreign ministry, said Trump's letter to Kim had been delivered directly \
to the leader."""),
    "letter-new-york": ("2025-06-11", "NK News", """\
North Korean diplomats in New York have refused to accept a letter from President Donald Trump addressed to Kim \
Jong Un, NK News reported on Wednesday.

U.S. officials tried several times to hand over the letter through North Korea's mission to the United Nations, \
according to a source familiar with the matter. The White House declined to comment."""),
    "aliases": ("2019-06-24", "Reuters", """\
Pyongyang and Washington have made little progress since the Hanoi summit. The North Korean leader received a \
letter from Trump last week, and Chairman Kim said he would "seriously contemplate" its content, KCNA reported on \
Sunday.

Moon said on Monday that he hoped Trump and Kim would meet again soon."""),
    # -- calls ----------------------------------------------------------------
    "call-moon": ("2019-05-08", "Yonhap", """\
President Moon Jae-in spoke by phone with U.S. President Donald Trump on Tuesday for 35 minutes to discuss North \
Korea's recent launch of short-range projectiles, Cheong Wa Dae said."""),
    "call-abe": ("2019-05-07", "Kyodo News", """\
Japanese Prime Minister Shinzo Abe and U.S. President Donald Trump held a telephone conversation on Monday and \
agreed to keep up pressure on North Korea after its latest weapons launch, the Japanese government said."""),
    "call-moon-abe": ("2019-08-02", "Yonhap", """\
South Korean President Moon Jae-in spoke by phone with Japanese Prime Minister Shinzo Abe on Thursday, his office \
said."""),
    "willing-to-meet": ("2025-10-27", "Kyodo News", """\
U.S. President Donald Trump said Monday he would be willing to meet North Korean leader Kim Jong Un during his trip \
to South Korea this week, though Pyongyang has not responded to his overtures."""),
    "letter-offering": ("2020-03-22", "Associated Press", """\
SEOUL, South Korea (AP) — U.S. President Donald Trump has sent a letter to North Korean leader Kim Jong Un offering \
cooperation in fighting the coronavirus, Kim's powerful sister said Sunday."""),
    "stockholm-broke-down": ("2019-10-07", "The Korea Herald", """\
North Korea's chief negotiator Kim Myong-gil said Saturday that working-level nuclear talks with the United States \
in Stockholm had broken down, blaming Washington for failing to bring a new proposal.

The U.S. State Department said Washington had proposed meeting again in two weeks. Pyongyang rejected the offer on \
Sunday, the foreign ministry said in a statement carried by KCNA."""),
    "dmz-invite": ("2019-06-29", "NHK", """\
U.S. President Donald Trump on Saturday invited North Korean leader Kim Jong Un to meet him at the demilitarized \
zone, writing on Twitter that he would like to "shake his hand and say Hello" during his visit to South Korea.

North Korea's First Vice Foreign Minister Choe Son Hui called the offer "very interesting" but said no official \
proposal had been received.

Trump arrived in Seoul later on Saturday for talks with President Moon Jae-in."""),
    "cancelled-next-month": ("2018-05-25", "The Guardian", """\
Donald Trump has cancelled his planned summit with Kim Jong-un in Singapore next month, citing the "tremendous \
anger and open hostility" in a recent North Korean statement.

In a letter to Kim released by the White House on Thursday, Trump wrote that it would be "inappropriate, at this \
time, to have this long-planned meeting"."""),
    "wrote-in-a-letter": ("2020-09-10", "CNN", """\
Kim wrote in one letter in December 2018 that he hoped for a second summit early next year. Trump and Kim met in \
Hanoi two months later, but the talks ended without a deal."""),
    "test-firing": ("2020-09-09", "The Washington Post", """\
The United States and South Korea held scaled-down joint military drills in August 2019. North Korea responded by \
test-firing short-range missiles on Aug. 10."""),
    "two-koreas": ("2018-09-12", "The Korea Herald", """\
President Moon Jae-in will travel to Pyongyang next week for his third summit with North Korean leader Kim Jong-un, \
Cheong Wa Dae said Wednesday.

The two Koreas agreed on the dates during working-level talks at the border village of Panmunjom on Wednesday. Moon \
and Kim last met in May at the truce village, a day after US President Donald Trump abruptly canceled his planned \
summit with the North Korean leader."""),
    "condolence-panmunjom": ("2019-10-31", "NK News", """\
North Korean leader Kim Jong Un sent a message of condolence to South Korean President Moon Jae-in over the death \
of his mother, Cheong Wa Dae said on Thursday. The message was delivered through the border village of Panmunjom \
on Wednesday evening."""),
    "promised-to-visit": ("2018-09-19", "Yonhap", """\
Moon and Kim jointly announce Pyongyang Declaration

Kim also made a statement at the joint press conference. "I have promised President Moon to visit Seoul soon," \
he said."""),
    "analysis-2025": ("2025-03-15", "BBC News", """\
The two men met three times during Trump's first term, and Trump has often boasted of the "beautiful letters" he \
received from the North Korean leader.

But much has changed since their last encounter in 2019. Kim has also declared that his country's nuclear status \
is irreversible."""),
    "pompeo-will-travel": ("2018-09-30", "CNN", """\
Secretary of State Mike Pompeo will travel to Pyongyang next week to prepare for a second summit, the State \
Department announced on Friday."""),
    "hanoi-day-one": ("2019-02-27", "Associated Press", """\
HANOI, Vietnam (AP) — President Donald Trump and North Korean leader Kim Jong Un shook hands and sat down for dinner \
Wednesday evening in Hanoi, opening their second summit with smiles and warm words.

White House press secretary Sarah Sanders said the two leaders would hold a series of meetings on Thursday, \
including a one-on-one session and a working lunch."""),
    "ri-disputed": ("2019-03-01", "Reuters", """\
North Korean Foreign Minister Ri Yong Ho disputed Trump's account at a rare midnight news conference on Friday, \
saying the North had sought only partial sanctions relief."""),
    "drill-postponed": ("2019-11-18", "Yonhap", """\
Seoul and Washington postponed their joint air drill scheduled for December in an effort to facilitate diplomacy \
with North Korea, U.S. Defense Secretary Mark Esper announced on Sunday."""),
    "not-commented-on": ("2025-01-24", "NK News", """\
U.S. President Donald Trump said on Thursday that he will reach out to North Korean leader Kim Jong Un.

North Korea has not commented on Trump's remarks."""),
    "it-says": ("2020-08-13", "NBC News", """\
North Korea has rejected talks with Washington since the Hanoi summit collapsed. Woodward's new book describes the \
letters in detail. "The letters show a bond between two unlikely men," it says."""),
    "korean-leaders": ("2018-05-27", "Yonhap", """\
South Korean President Moon Jae-in and North Korean leader Kim Jong-un held a surprise summit at the truce village \
of Panmunjom on Saturday, a day after U.S. President Donald Trump said the canceled summit could still take place.

Moon said Kim reaffirmed his willingness to meet Trump. The two Korean leaders agreed to hold high-level talks on \
June 1."""),
    "first-since": ("2025-07-29", "Yonhap", """\
Kim Yo Jong, the powerful sister of North Korean leader Kim Jong-un, said Tuesday that the personal relationship \
between her brother and U.S. President Donald Trump is "not bad."

It was her first statement on North Korea-U.S. relations since Trump's return to the White House in January."""),
    # -- statements and responses ----------------------------------------------
    "statement-kim-yo-jong": ("2020-07-11", "NK News", """\
North Korea has no intention of holding another summit with the United States this year, Kim Yo Jong, the \
powerful sister of Kim Jong Un, said in a statement carried by KCNA on Friday.

"It is my personal opinion that a summit like that will not happen this year," she said."""),
    "statement-kcna": ("2019-09-20", "Yonhap", """\
North Korea's state media said on Friday that it welcomed President Donald Trump's recent remark about a \
"new method" for nuclear negotiations, calling it a "wise political decision."

The comment came a day after the North's chief nuclear negotiator Kim Myong-gil said he expected "good results" \
from talks with the United States later this month."""),
    "no-response": ("2025-03-14", "NK News", """\
Trump said on Thursday that he has "communications" with Kim Jong Un and would like to meet him again. North Korea \
did not respond to the remarks."""),
    "denied": ("2019-03-16", "The Korea Herald", """\
Vice Foreign Minister Choe Son-hui said on Friday that North Korea is considering suspending talks with the United \
States. The State Department denied that Washington had offered to ease sanctions before Pyongyang takes \
denuclearization steps."""),
    "not-denied": ("2025-06-12", "Korea JoongAng Daily", """\
The White House did not deny the report that North Korean diplomats had refused Trump's letter, saying the \
president remains open to correspondence with Kim Jong-un."""),
    # -- refusals, proposals, agreements ----------------------------------------
    "refusal-seoul": ("2019-08-16", "Yonhap", """\
North Korea on Friday rejected any further talks with South Korea, calling President Moon Jae-in's Liberation Day \
speech "senseless," and fired two more short-range projectiles into the East Sea."""),
    "invite-pyongyang": ("2018-06-13", "Yonhap", """\
Kim Jong-un invited Trump to visit Pyongyang at a convenient time, and Trump accepted the invitation, KCNA reported \
on Wednesday."""),
    "offer-dmz": ("2019-06-29", "Reuters", """\
U.S. President Donald Trump offered on Saturday to meet Kim Jong Un at the Demilitarized Zone during his visit to \
South Korea this weekend, posting the invitation on Twitter.

"If Chairman Kim of North Korea sees this, I would meet him at the Border/DMZ just to shake his hand and say \
Hello," Trump wrote."""),
    "offer-talks": ("2019-09-10", "Yonhap", """\
North Korea offered on Monday to resume working-level talks with the United States in late September, First Vice \
Foreign Minister Choe Son Hui said in a statement carried by state media."""),
    "invite-by-may": ("2018-03-09", "Associated Press", """\
South Korean national security adviser Chung Eui-yong said at the White House on Thursday that Kim Jong Un had \
invited Trump to meet and that Trump had agreed to meet him by May.

Chung briefed Trump on his talks with Kim in Pyongyang earlier this week."""),
    "pyongyang-declaration": ("2018-09-19", "Yonhap", """\
President Moon Jae-in and North Korean leader Kim Jong-un signed the Pyongyang Declaration on Wednesday, agreeing \
that the North would permanently dismantle its missile engine test site at Tongchang-ri in the presence of outside \
experts."""),
    "agree-restart": ("2019-07-01", "NHK", """\
Trump and Kim agreed on Sunday to resume working-level negotiations within weeks, after meeting at the border \
village of Panmunjom."""),
    # -- military actions ------------------------------------------------------
    "missiles-july": ("2019-07-26", "Yonhap", """\
North Korea fired two short-range ballistic missiles into the East Sea on Thursday, South Korea's Joint Chiefs of \
Staff said, the first weapons launch since Trump and Kim met at Panmunjom last month."""),
    "missiles-later": ("2019-05-10", "Kyodo News", """\
North Korea fired a barrage of short-range projectiles off its east coast on May 4. Five days later, it launched \
two short-range missiles from the northwestern town of Kusong, according to South Korea's military."""),
    "nuclear-test": ("2017-09-04", "BBC", """\
North Korea conducted its sixth nuclear test on Sunday, detonating what it claimed was a hydrogen bomb that could \
be loaded onto an intercontinental ballistic missile."""),
    "icbm-2023": ("2023-05-02", "Korea JoongAng Daily", """\
North Korea tested a new solid-fuel intercontinental ballistic missile, the Hwasong-18, in April 2023, calling it \
the most powerful weapon in its arsenal."""),
    "foal-eagle": ("2018-04-02", "Yonhap", """\
South Korea and the United States began their annual Foal Eagle joint military exercise on Sunday, scaled down \
and delayed to make room for diplomacy with North Korea."""),
    "dateline": ("2019-05-05", "Yonhap", """\
By Kim Soo-yeon

SEOUL, May 5 (Yonhap) -- North Korea fired several short-range projectiles into the East Sea on Saturday, South \
Korea's Joint Chiefs of Staff said.

Share this article
Copyright Yonhap News Agency. All rights reserved.
(END)"""),
    "suga-eez": ("2019-10-02", "Kyodo News", """\
North Korea fired what appeared to be a ballistic missile on Wednesday morning, and part of it landed inside \
Japan's exclusive economic zone, Chief Cabinet Secretary Yoshihide Suga said."""),
    "earlier-this-month": ("2019-05-20", "Yonhap", """\
North Korea fired short-range missiles earlier this month, the first such launches since the Hanoi summit."""),
    "kcna-style": ("2019-06-23", "KCNA Watch", """\
Kim Jong Un, chairman of the State Affairs Commission of the DPRK, received a personal letter from Donald J. \
Trump, president of the United States of America.

Having read the letter, Kim Jong Un said with satisfaction that the letter is of excellent content."""),
    # -- references to known events --------------------------------------------
    "hanoi-range": ("2019-02-06", "CNN", """\
President Donald Trump announced in his State of the Union address on Tuesday that he will hold his second summit \
with Kim Jong Un in Vietnam on February 27 and 28."""),
    "fire-and-fury": ("2025-01-22", "The Korea Times", """\
In 2017, Trump threatened North Korea with "fire and fury like the world has never seen," before pivoting to \
summit diplomacy with Kim the following year."""),
    "new-year": ("2019-01-02", "Yonhap", """\
North Korean leader Kim Jong-un said on Tuesday in his New Year's address that he is ready to meet Trump again at \
any time, recalling their summit in Singapore last year."""),
    "new-year-recalling": ("2019-01-02", "Yonhap", """\
North Korean leader Kim Jong-un said on Tuesday that he is ready to meet Trump again at any time, in his New \
Year's address, recalling their summit in Singapore last year."""),
    "partial-dates": ("2019-11-01", "The Korea Herald", """\
Trump and Kim met in Hanoi in February 2019, but the summit collapsed without a deal. The two leaders met again \
at Panmunjom in June."""),
    "first-term": ("2025-03-04", "Associated Press", """\
Trump, who met Kim three times during his first term, said on Monday he would be open to meeting the North Korean \
leader again.

The two last met at the truce village of Panmunjom in June 2019, more than a year after their first summit in \
Singapore."""),
    "since-hanoi": ("2020-01-12", "Yonhap", """\
Relations have stalled since the Hanoi summit ended without a deal, and the North has since conducted a string of \
short-range missile launches."""),
}


# -- building -------------------------------------------------------------------
@pytest.fixture(scope="module")
def article(tmp_path_factory):
    """Build one article (its own folder, its own graph) the first time a test asks for it."""
    built = {}

    def get(name: str):
        if name not in built:
            published, outlet, text = ARTICLES[name]
            folder = tmp_path_factory.mktemp(name)
            front = f"---\ntitle: {name}\noutlet: {outlet}\npublished: {published}\n---\n"
            (folder / f"{name}.txt").write_text(front + text + "\n", encoding="utf-8")
            built[name] = build([folder])
        return built[name]

    return get


# -- facts ------------------------------------------------------------------------
SOURCE_FIELDS = ("modality",)  # read off the source (the article), not the merged event


@dataclass
class Fact:
    """One event as a reader states it: type(s), some participants, and the
    fields that matter for this case. `date` is compared as ISO text;
    `attribution` is a case-insensitive substring of the source's attribution;
    `absent` lists actors that must not be participants."""

    type: str | tuple[str, ...]
    participants: tuple[str, ...] = ()
    fields: dict = field(default_factory=dict)

    def types(self) -> tuple[str, ...]:
        return (self.type,) if isinstance(self.type, str) else self.type

    def mismatches(self, event, source) -> list[str]:
        out = []
        missing = [p for p in self.participants if p not in event.participants]
        if missing:
            out.append(f"participants lack {missing}")
        for key, want in self.fields.items():
            if key == "date":
                got = event.date.iso() if event.date else None
            elif key == "precision":
                got = event.precision
            elif key == "end":
                got = event.end.iso() if event.end else None
            elif key == "absent":
                extra = [p for p in want if p in event.participants or p in (event.sender, event.recipient)]
                if extra:
                    out.append(f"should not involve {extra}")
                continue
            elif key == "attribution":
                got = source.attribution
                if not got or want.lower() not in got.lower():
                    out.append(f"attribution={got!r}, want one naming {want!r}")
                continue
            elif key in SOURCE_FIELDS:
                got = getattr(source, key)
            else:
                got = getattr(event, key)
            if got != want:
                out.append(f"{key}={got!r}, want {want!r}")
        return out


def F(type, *participants, **fields) -> Fact:  # noqa: N802 (reads like a table row)
    return Fact(type, participants, fields)


def in_doc(result, doc: str):
    """(event, the source from `doc`) for every event that article supports."""
    for e in result.events:
        for s in e.sources:
            if s.doc == doc:
                yield e, s
                break


def dump(result, doc: str) -> str:
    lines = []
    for e, s in in_doc(result, doc):
        lines.append(f"  {e.type} {list(e.participants)} sender={e.sender} recipient={e.recipient} "
                     f"date={e.date.iso() if e.date else None} place={e.place} channel={e.channel} "
                     f"status={e.status} catalog={e.catalog} count={e.count} modality={s.modality} "
                     f"attribution={s.attribution!r} :: {s.evidence[:90]!r}")
    return "\n".join(lines) or "  (no events)"


def check_present(result, doc: str, fact: Fact) -> None:
    tried = []
    for e, s in in_doc(result, doc):
        if e.type not in fact.types():
            continue
        problems = fact.mismatches(e, s)
        if not problems:
            return
        tried.append(f"  {e.id}: " + "; ".join(problems))
    pytest.fail(f"no {'/'.join(fact.types())} with {list(fact.participants)} {fact.fields} in {doc}\n"
                + ("closest:\n" + "\n".join(tried) + "\n" if tried else "")
                + "extracted:\n" + dump(result, doc))


def check_absent(result, doc: str, fact: Fact) -> None:
    for e, s in in_doc(result, doc):
        if e.type in fact.types() and not fact.mismatches(e, s):
            pytest.fail(f"{doc} should not yield {e.id} ({'/'.join(fact.types())} {list(fact.participants)} "
                        f"{fact.fields})\nextracted:\n" + dump(result, doc))


def gap(reason: str):
    return pytest.mark.xfail(strict=True, reason=reason)


def case(doc: str, fact: Fact, *, xfail: str | None = None, id: str | None = None):  # noqa: A002
    return pytest.param(doc, fact, id=id or f"{doc}:{fact.types()[0]}", marks=[gap(xfail)] if xfail else [])


# -- events a reader takes from the article ------------------------------------------------
MEETINGS = [
    case("singapore", F("Summit", TRUMP, KIM, catalog="singapore-summit-2018", date="2018-06-12", precision="day",
                        status="occurred")),
    case("hanoi-collapse", F("Summit", TRUMP, KIM, catalog="hanoi-summit-2019", date="2019-02-27", place="hanoi",
                             status="occurred")),
    case("panmunjom", F("Summit", TRUMP, KIM, MOON, catalog="panmunjom-meeting-2019", date="2019-06-30",
                        place="panmunjom")),
    case("pompeo-july", F("Meeting", POMPEO, KYC, catalog="pompeo-pyongyang-2018-07", date="2018-07-06",
                          place="pyongyang", status="occurred")),
    case("pompeo-oct", F("Meeting", POMPEO, KIM, catalog="pompeo-kim-pyongyang-2018-10", date="2018-10-07",
                         place="pyongyang")),
    case("stockholm-planned", F("Meeting", NK, US, catalog="stockholm-talks-2019", date="2019-10-05",
                                status="planned")),
    case("stockholm-collapse", F("Meeting", NK, US, catalog="stockholm-talks-2019", date="2019-10-05",
                                 place="stockholm", status="occurred")),
    case("stockholm-broke-down", F("Meeting", NK, US, catalog="stockholm-talks-2019", place="stockholm"),
         id="talks-that-broke-down"),
    case("vladivostok", F("Summit", "vladimir-putin", KIM, catalog="vladivostok-summit-2019", date="2019-04-25",
                          place="vladivostok")),
    case("moon-white-house", F("Meeting", MOON, TRUMP, date="2019-04-11", precision="day", place="washington",
                               status="occurred")),
    case("three-days-later", F("Meeting", NK, date="2018-05-27", place="panmunjom", status="occurred")),
    case("biegun-title", F("Meeting", BIEGUN, place="pyongyang", date="2019-02-06"), id="title-before-the-name"),
    case("biegun-pyongyang", F("Meeting", BIEGUN, "kim-hyok-chol", place="pyongyang", modality="reported",
                               attribution="Yonhap")),
    case("agree-restart", F("Summit", TRUMP, KIM, catalog="panmunjom-meeting-2019", date="2019-06-30")),
    case("partial-dates", F("Summit", TRUMP, KIM, catalog="hanoi-summit-2019", date="2019-02-27"),
         id="partial-dates-hanoi"),
    case("partial-dates", F("Summit", TRUMP, KIM, catalog="panmunjom-meeting-2019", date="2019-06-30"),
         id="partial-dates-panmunjom"),
    case("first-term", F("Summit", TRUMP, KIM, catalog="singapore-summit-2018", date="2018-06-12"),
         id="first-term-first-summit"),
    case("first-term", F("Summit", TRUMP, KIM, catalog="panmunjom-meeting-2019", date="2019-06-30"),
         id="first-term-panmunjom"),
    case("since-hanoi", F("Summit", TRUMP, KIM, catalog="hanoi-summit-2019", date="2019-02-27")),
    case("new-year", F("Summit", TRUMP, KIM, catalog="singapore-summit-2018", date="2018-06-12")),
]

PLANNED = [
    case("planned-next-month", F(("Summit", "Meeting"), TRUMP, KIM, date="2019-02", precision="month",
                                 status="planned")),
    case("planned-next-month", F("Meeting", TRUMP, KYC, date="2019-01-18", place="washington", status="occurred"),
         id="planned-next-month-oval-office"),
    case("planned-set-june12", F("Summit", TRUMP, KIM, catalog="singapore-summit-2018", date="2018-06-12",
                                 status="planned")),
    case("planned-next-week", F("Summit", TRUMP, KIM, catalog="hanoi-summit-2019", status="planned")),
    case("hanoi-range", F("Summit", TRUMP, KIM, catalog="hanoi-summit-2019", date="2019-02-27", end="2019-02-28",
                          status="planned")),
    case("letter-envoy", F("Summit", TRUMP, KIM, catalog="singapore-summit-2018", status="planned"),
         id="letter-envoy-summit-back-on"),
    case("letter-cancel", F("Summit", TRUMP, KIM, catalog="singapore-summit-2018", date="2018-06-12",
                            status="cancelled")),
    case("three-days-later", F("Summit", TRUMP, KIM, status="cancelled"), id="three-days-later-called-off"),
    case("pompeo-trip-off", F("Meeting", POMPEO, status="cancelled", absent=[TRUMP])),
]

LETTERS = [
    case("letter-warm", F("Letter", KIM, TRUMP, sender=KIM, recipient=TRUMP, status="occurred")),
    case("letter-cancel", F("Letter", TRUMP, KIM, sender=TRUMP, recipient=KIM, date="2018-05-24",
                            catalog="trump-cancels-singapore-letter-2018")),
    case("letter-envoy", F("Letter", KIM, TRUMP, sender=KIM, recipient=TRUMP, channel="envoy:kim-yong-chol",
                           catalog="kim-letter-via-kim-yong-chol-2018", date="2018-06-01")),
    case("letter-beautiful", F("Letter", KIM, TRUMP, sender=KIM, recipient=TRUMP)),
    case("letter-offering", F("Letter", TRUMP, KIM, sender=TRUMP, recipient=KIM, date="2020-03-22"),
         id="a-letter-to-kim-offering-help"),
    case("letter-offering", F("Proposal", TRUMP, KIM), id="the-letter-offers-help"),
    case("dmz-invite", F("Proposal", TRUMP, KIM, date="2019-06-29"), id="invited-kim-to-the-dmz"),
    case("cancelled-next-month", F("Refusal", TRUMP, date="2018-05-24"), id="cancelled-on-thursday-not-next-month"),
    case("cancelled-next-month", F("Summit", TRUMP, KIM, catalog="singapore-summit-2018", status="cancelled"),
         id="the-summit-next-month-is-cancelled"),
    case("test-firing", F("MilitaryAction", NK, date="2019-08-10"), id="test-firing-in-the-august-just-named"),
    case("korean-leaders", F("Meeting", MOON, KIM, date="2018-06-01", status="planned", absent=[TRUMP]),
         id="the-two-korean-leaders-agreed-to-talks"),
    case("not-commented-on", F("Statement", TRUMP, date="2025-01-23", modality="asserted"),
         id="the-remarks-not-commented-on-stay-asserted"),
    case("drill-postponed", F("MilitaryAction", SK, US, status="cancelled", absent=[NK]), id="their-drill-postponed"),
    case("ri-disputed", F("Statement", "ri-yong-ho", date="2019-03-01"), id="disputing-an-account-is-a-statement"),
    case("pompeo-will-travel", F("Meeting", POMPEO, place="pyongyang", status="planned", date="2018-10"),
         id="a-trip-to-pyongyang-next-week"),
    case("analysis-2025", F(("Summit", "Meeting"), TRUMP, KIM, catalog="panmunjom-meeting-2019"),
         id="their-last-encounter-was-panmunjom"),
    case("analysis-2025", F("Statement", TRUMP, date=None), id="often-boasted-has-no-date"),
    case("promised-to-visit", F("Statement", KIM, date="2018-09-19", absent=[MOON]),
         id="a-promise-quoted-is-a-statement"),
    case("condolence-panmunjom", F("Letter", KIM, MOON, sender=KIM, recipient=MOON, date="2019-10-30",
                                   channel="panmunjom-channel"), id="the-message-was-delivered-through-panmunjom"),
    case("two-koreas", F("Agreement", NK, SK, date="2018-09-12", status="occurred"), id="the-two-koreas-agreed"),
    case("two-koreas", F("Summit", MOON, KIM, catalog="pyongyang-summit-2018-09", status="planned"),
         id="moon-to-travel-to-pyongyang-next-week"),
    case("wrote-in-a-letter", F("Letter", KIM, sender=KIM, date="2018-12", precision="month"),
         id="the-letter-kim-wrote-in-december"),
    case("dmz-invite", F("Meeting", TRUMP, MOON, date="2019-06-29"), id="arrived-for-talks-with-moon"),
    case("letter-released", F("Letter", TRUMP, KIM, sender=TRUMP, recipient=KIM),
         id="released-a-letter-saying"),
    case("letters-27", F("LetterExchange", TRUMP, KIM, count=27, catalog="trump-kim-letters-2018-2019",
                         modality="reported")),
    case("letter-moon", F("Letter", KIM, MOON, sender=KIM, recipient=MOON, date="2018-12-30", precision="day")),
    case("letter-moon-new-year", F("Letter", KIM, MOON, sender=KIM, recipient=MOON, date="2018-12-30")),
    case("letter-birthday", F("Letter", KIM, TRUMP, sender=KIM, recipient=TRUMP, date="2019-06",
                              precision="month")),
    case("letter-greeting", F("Letter", TRUMP, KIM, sender=TRUMP, recipient=KIM)),
    case("kcna-style", F("Letter", TRUMP, KIM, sender=TRUMP, recipient=KIM)),
    case("aliases", F("Letter", TRUMP, KIM, sender=TRUMP, recipient=KIM, date="2019-06", precision="month")),
    case("letter-new-york", F("Letter", TRUMP, KIM, sender=TRUMP, recipient=KIM, channel="new-york-channel")),
    case("not-denied", F("Letter", TRUMP, sender=TRUMP)),
]

CALLS_STATEMENTS = [
    case("call-moon", F("Call", MOON, TRUMP, date="2019-05-07", precision="day")),
    case("call-abe", F("Call", "shinzo-abe", TRUMP, date="2019-05-06", precision="day")),
    case("call-moon-abe", F("Call", MOON, "shinzo-abe", date="2019-08-01", precision="day")),
    case("hanoi-collapse", F("Statement", TRUMP, date="2019-02-28"), id="hanoi-collapse-quote"),
    case("pompeo-july", F("Statement", "nk-foreign-ministry"), id="pompeo-july-foreign-ministry"),
    case("pompeo-oct", F("Statement", POMPEO, date="2018-10-07"), id="pompeo-oct-pronoun-speaker"),
    case("stockholm-planned", F("Statement", "choe-son-hui", date="2019-10-01"), id="stockholm-planned-choe"),
    case("stockholm-collapse", F("Statement", "kim-myong-gil", date="2019-10-05"), id="stockholm-collapse-kim"),
    case("letter-warm", F("Statement", "sarah-sanders", date="2018-09-10"), id="letter-warm-sanders"),
    case("statement-kim-yo-jong", F("Statement", "kim-yo-jong", date="2020-07-10", precision="day")),
    case("statement-kcna", F("Statement", "kcna", date="2019-09-20")),
    case("statement-kcna", F("Statement", "kim-myong-gil"), id="statement-kcna-negotiator"),
    case("letter-greeting", F("Statement", "kim-kye-gwan", date="2020-01-11"), id="letter-greeting-adviser"),
    case("aliases", F("Statement", KIM), id="aliases-chairman-kim"),
    case("aliases", F("Statement", MOON, date="2019-06-24"), id="aliases-moon"),
    case("pompeo-trip-off", F("Statement", POMPEO, date="2018-08-23"), id="pompeo-trip-off-announced"),
    case("kcna-style", F("Statement", KIM), id="kcna-style-kim-said"),
    case("fire-and-fury", F("Statement", TRUMP, catalog="fire-and-fury-2017", date="2017-08-08")),
    case("suga-eez", F("Statement", "yoshihide-suga", date="2019-10-02"), id="suga-eez-suga"),
    case("new-year", F("Statement", KIM, date="2019-01-01", precision="day"), id="new-year-address"),
    case("new-year-recalling", F("Statement", KIM, date="2019-01-01", precision="day"), id="new-year-recalling"),
]

RESPONSES = [
    case("letter-new-york", F("Statement", "white-house", modality="declined_to_comment"),
         id="letter-new-york-declined"),
    case("not-denied", F("Statement", "white-house", modality="not_denied"), id="not-denied-white-house"),
    case("denied", F("Statement", "us-state-department", modality="denied")),
    case("no-response", F("Statement", NK, modality="no_response")),
    case("letter-new-york", F("Refusal", NK, modality="reported", attribution="NK News"),
         id="letter-new-york-refusal"),
]

REFUSALS_PROPOSALS_AGREEMENTS = [
    case("letter-cancel", F("Refusal", TRUMP, date="2018-05-24"), id="letter-cancel-called-off"),
    case("pompeo-trip-off", F("Refusal", TRUMP, date="2018-08-24"), id="pompeo-trip-off-refusal"),
    case("refusal-seoul", F("Refusal", NK, date="2019-08-16")),
    case("invite-pyongyang", F("Proposal", KIM, TRUMP, modality="reported", attribution="KCNA")),
    case("offer-talks", F("Proposal", NK, US, date="2019-09-09", precision="day")),
    case("offer-talks", F("Statement", "choe-son-hui", date="2019-09-09"), id="offer-talks-choe"),
    case("invite-by-may", F("Proposal", KIM, TRUMP, catalog="kim-invitation-trump-2018", date="2018-03-08")),
    case("invite-by-may", F("Meeting", TRUMP, KIM, date="2018-05", status="planned"), id="invite-by-may-planned"),
    case("invite-by-may", F("Meeting", "chung-eui-yong", KIM, catalog="sk-envoys-pyongyang-2018-03"),
         id="invite-by-may-envoys"),
    case("offer-dmz", F("Proposal", TRUMP, KIM, date="2019-06-29", catalog=None)),
    case("singapore", F("Agreement", TRUMP, KIM, catalog="singapore-joint-statement-2018", date="2018-06-12"),
         id="singapore-joint-statement"),
    case("pyongyang-declaration", F("Agreement", MOON, KIM, catalog="pyongyang-declaration-2018",
                                    date="2018-09-19")),
    case("agree-restart", F("Agreement", TRUMP, KIM, date="2019-06-30"), id="agree-restart-agreement"),
    case("call-abe", F("Agreement", "shinzo-abe", TRUMP, date="2019-05-06"), id="call-abe-agreed"),
]

MILITARY = [
    case("missiles-july", F("MilitaryAction", NK, date="2019-07-25", precision="day")),
    case("missiles-later", F("MilitaryAction", NK, date="2019-05-04"), id="missiles-later-first"),
    case("missiles-later", F("MilitaryAction", NK, date="2019-05-09"), id="missiles-later-five-days"),
    case("refusal-seoul", F("MilitaryAction", NK, date="2019-08-16"), id="refusal-seoul-projectiles"),
    case("nuclear-test", F("MilitaryAction", NK, catalog="nuclear-test-2017-09", date="2017-09-03")),
    case("icbm-2023", F("MilitaryAction", NK, date="2023-04", precision="month")),
    case("earlier-this-month", F("MilitaryAction", NK, date="2019-05", precision="month")),
    case("suga-eez", F("MilitaryAction", NK, date="2019-10-02", precision="day")),
    case("foal-eagle", F("MilitaryAction", SK, US, date="2018-04-01", precision="day")),
    case("dateline", F("MilitaryAction", NK, date="2019-05-04", absent=[SK])),
]


@pytest.mark.parametrize("doc, fact", MEETINGS + PLANNED + LETTERS + CALLS_STATEMENTS + RESPONSES
                         + REFUSALS_PROPOSALS_AGREEMENTS + MILITARY)
def test_reader_finds_the_event(article, doc, fact):
    check_present(article(doc), doc, fact)


# -- facts a reader would not take from the article ------------------------------------------
NOT_FACTS = [
    case("hanoi-collapse", F("Agreement", TRUMP), id="hanoi-ended-without-agreement"),
    case("statement-kim-yo-jong", F("Summit", status="occurred"), id="no-intention-of-a-summit"),
    case("refusal-seoul", F("Meeting", NK, SK, status="occurred"), id="rejected-talks-did-not-happen"),
    case("statement-kcna", F("Meeting", US, status="occurred"), id="talks-later-this-month-not-held"),
    case("letter-beautiful", F("Refusal", TRUMP), id="declined-to-disclose-is-no-refusal"),
    case("offer-dmz", F("Letter", TRUMP), id="a-tweet-is-no-letter"),
    case("letter-envoy", F("Summit", "singapore"), id="singapore-is-a-place-not-a-party"),
    case("letter-greeting", F("Letter", recipient="kim-kye-gwan"), id="kim-is-the-leader-not-the-adviser"),
    case("three-days-later", F("Summit", TRUMP, KIM, date="2018-05-24"), id="calling-off-date-is-not-summit-date"),
    case("offer-talks", F("Meeting", NK, US, status="occurred"), id="offered-talks-not-yet-held"),
    case("letter-moon-new-year", F("Meeting", KIM, MOON, status="occurred"), id="hopes-to-meet-is-no-meeting"),
    case("pompeo-oct", F("Agreement", SK), id="the-two-sides-are-not-seoul"),
    case("cancelled-it", F("Refusal", TRUMP, date="2018-06-01"), id="a-cancelled-summit-is-not-the-letter"),
    case("rebuffed-comments", F("Refusal"), id="rebutting-remarks-is-no-refusal"),
    case("call-moon-abe", F(("Meeting", "Summit"), MOON, "shinzo-abe"), id="a-phone-call-is-no-meeting"),
    case("willing-to-meet", F(("Meeting", "Summit"), KIM, status="planned"), id="willing-to-meet-is-no-plan"),
    case("stockholm-broke-down", F("Proposal", NK), id="who-rejects-an-offer-did-not-make-it"),
    case("dmz-invite", F("Proposal", "choe-son-hui"), id="who-comments-on-an-offer-did-not-make-it"),
    case("two-koreas", F("Refusal", TRUMP, date="2018-09-12"), id="a-day-after-is-not-today"),
    case("first-since", F("Statement", "kim-yo-jong", date="2025-01"), id="first-statement-since-january"),
    case("first-since", F("Statement", US), id="it-was-her-statement-not-a-state-s"),
    case("korean-leaders", F(("Meeting", "Summit"), KIM, TRUMP), id="a-willingness-to-meet-is-no-meeting"),
    case("it-says", F("Statement", NK), id="it-says-is-no-state-speaking"),
    case("hanoi-day-one", F(("Meeting", "Summit"), TRUMP, KIM, date="2019-02-21"), id="would-meet-on-thursday-is-ahead"),
    case("analysis-2025", F("Statement", KIM, date="2019"), id="a-since-date-dates-nothing-after-it"),
    case("promised-to-visit", F("Statement", MOON, KIM), id="announcing-a-declaration-is-no-statement"),
    case("letter-offering", F("Letter", sender=SK), id="a-dateline-is-no-sender"),
]


@pytest.mark.parametrize("doc, fact", NOT_FACTS)
def test_reader_does_not_find(article, doc, fact):
    check_absent(article(doc), doc, fact)


def test_refusal_is_about_the_refused_letter(article):
    result = article("letter-new-york")
    refusals = [e for e, _ in in_doc(result, "letter-new-york") if e.type == "Refusal"]
    letters = {e.id for e, _ in in_doc(result, "letter-new-york") if e.type == "Letter"}
    assert refusals and letters, dump(result, "letter-new-york")
    assert any(r.about in letters for r in refusals), dump(result, "letter-new-york")


# -- actors: aliases, outlets, boilerplate ------------------------------------------------------
@pytest.mark.parametrize("doc, actor, alias", [
    ("aliases", NK, "Pyongyang"),
    ("aliases", US, "Washington"),
    ("aliases", KIM, "Chairman Kim"),
    ("aliases", KIM, "North Korean leader"),
    ("aliases", MOON, "Moon"),
    ("stockholm-collapse", NK, "the North"),
    ("moon-white-house", US, "Washington"),
])
def test_alias_resolves_to_the_actor(article, doc, actor, alias):
    actors = {a.id: a for a in article(doc).actors}
    assert actor in actors, sorted(actors)
    assert alias in (actors[actor].label, *actors[actor].aliases), actors[actor]


@pytest.mark.parametrize("doc, not_actor", [
    ("letter-new-york", "nk-news"),
    ("biegun-pyongyang", "yonhap"),
    ("dateline", "yonhap"),
    ("dateline", "kim-soo-yeon"),  # the byline
    ("invite-pyongyang", "kcna"),  # "KCNA reported": the state news agency reports, it is not a party
    ("aliases", "kcna"),
    ("letter-envoy", "singapore"),  # "the Singapore summit": a place, not a party
])
def test_outlets_and_bylines_are_not_actors(article, doc, not_actor):
    ids = {a.id for a in article(doc).actors}
    assert not_actor not in ids, sorted(ids)


def test_outlet_is_the_source_not_a_party(article):
    result = article("letter-new-york")
    assert result.documents[0].outlet == "NK News"
    parties = {p for e, _ in in_doc(result, "letter-new-york") for p in (*e.participants, e.sender, e.recipient)}
    assert "nk-news" not in parties, dump(result, "letter-new-york")
