"""The demo's Brenchley Gardens story, told in two rounds (all invented, plainly fictional).

* **First assessment** (spring 2026): referred in early February; seven visits
  from 10 March to 23 April, either side of the clock change of 29 March, across
  the school run, after school, a weekday evening, Friday and Saturday late
  nights and a weekend afternoon; completed on 30 April 2026.
* **Reassessment** (autumn 2026): started 14 September after the July DCSM asked
  for it; six visits from 6 October to 14 November, either side of the clock
  change of 25 October; completed on 16 November 2026. Its findings show what
  the plan changed (lighting, youth work after school) and what it did not
  (Friday and Saturday nights).

The public facts about the park (size, address, entrances, bandstand, war
memorial, museum, nearby station and Week Street) are real; every visit,
observer, conversation and finding is invented. Observers carry "(fictional)";
no young person is named anywhere. Times are naive UK local wall-clock times.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from safeguarding.model import Rating, Side, SideFinding


@dataclass(frozen=True)
class DemoVisit:
    """One demo visit, its times as naive UK local wall-clock times."""

    start: datetime
    end: datetime
    observer: str
    weather: str
    light: str
    notes: str


OBS_1 = "Agnieszka Wójcik (fictional), Youth Outreach"
OBS_2 = "Sam Okafor (fictional), Youth Outreach"
OBS_3 = "Jo Whitfield (fictional), Youth Outreach"
OBS_4 = "PCSO Dev Mistry (fictional), Kent Police"

ASSESSOR = "Jo Whitfield (fictional)"
AGENCY = "Youth Outreach Team, Maidstone (demo)"

REFERRAL_REASON = (
    "Repeat reports over the winter of young people, some thought to be 12-14, gathering in the park after "
    "school and late on Friday and Saturday nights, with older males and adults approaching them. Two schools "
    "and the youth hub have heard young people name the park as somewhere they feel unsafe after dark; police "
    "intelligence links the station approach to county lines activity. The residents' survey names Brenchley "
    "Gardens and North Week Street as where people feel least safe."
)
REFERRAL_DATE = date(2026, 2, 4)

SCOPE_BOUNDARY = (
    "The whole of Brenchley Gardens inside its railings, including the bandstand, the war memorial and the three "
    "pedestrian entrances (Station Road, St Faith's Street, McKenzie Court side), and the pavement immediately "
    "outside each entrance. Maidstone Museum's interior and Maidstone East station are out of scope but noted "
    "where they affect the park."
)
FIRST_SCOPE_TIMES = (
    "Weekday morning school run and after-school hours (the lost hours), a weekday evening, Friday and Saturday "
    "late nights (NTE) and a weekend afternoon, between 10 March and 23 April 2026, before and after the clocks "
    "went forward on 29 March."
)
SECOND_SCOPE_TIMES = (
    "The same time bands as the first assessment, between 6 October and 14 November 2026, before and after the "
    "clocks went back on 25 October, so the dark evenings can be compared with the light ones of the spring."
)

# ---------------------------------------------------------------------------
# First assessment: spring 2026.

FIRST_START = date(2026, 3, 3)
FIRST_END = date(2026, 4, 30)

FIRST_VISITS = (
    DemoVisit(
        start=datetime(2026, 3, 10, 7, 40),
        end=datetime(2026, 3, 10, 8, 50),
        observer=f"{OBS_1}; {OBS_2}",
        weather="Dry, cold, 4 °C",
        light="daylight",
        notes=(
            "Park used as a cut-through from Maidstone East and Station Road towards Week Street and the schools: "
            "roughly 35-45 secondary-age pupils in uniform passed through in small groups, moving quickly. Dog "
            "walkers and commuters throughout; one council grounds worker from 08:15. Two adult males (about "
            "20-25) sat on the bench by the bandstand for the whole visit and spoke briefly with two separate pairs "
            "of boys in uniform (about 14-15); no exchange seen. Nitrous oxide canisters (about 15) and broken "
            "glass under the bandstand steps. CCTV camera by the St Faith's Street gate faces the museum entrance, "
            "not the bandstand."
        ),
    ),
    DemoVisit(
        start=datetime(2026, 3, 12, 15, 20),
        end=datetime(2026, 3, 12, 17, 40),
        observer=f"{OBS_1}; {OBS_2}",
        weather="Overcast, 10 °C",
        light="daylight",
        notes=(
            "The lost hours are the busiest time. From 15:35 a group of 10-15 young people (mixed, most about "
            "13-15, some younger-looking in Year 7-8 uniform) gathered around the bandstand with food from Week "
            "Street. At 16:10 three older males (about 18-22) arrived from the Station Road entrance; the younger "
            "ones went quiet, and two boys walked off with them towards the station and came back 20 minutes "
            "later. No adult with a caring role in the park after the grounds team left at about 16:00. We "
            "introduced ourselves by the war memorial: the group was friendly and said the park is 'fine in the "
            "day, dodgy at night'. The bandstand is the only shelter in the park."
        ),
    ),
    DemoVisit(
        start=datetime(2026, 3, 20, 21, 30),
        end=datetime(2026, 3, 20, 23, 45),
        observer=f"{OBS_1}; {OBS_3}",
        weather="Dry, clear, 5 °C",
        light="dark_poorly_lit",
        notes=(
            "Friday night. The NTE on Week Street was busy; the park was dark apart from the St Faith's Street path. "
            "The path past the bandstand has no lamps at all, and two lamps on the Station Road path were out "
            "(reported to the council). From 22:00 about 6 young people (about 15-17) with two adults (20s) by the "
            "war memorial, drinking, half hidden by the shrubs behind it. Gates open all night; no patrol seen. Door "
            "staff and taxi marshals on Week Street were friendly but said the park is 'not our patch'."
        ),
    ),
    DemoVisit(
        start=datetime(2026, 3, 28, 22, 0),
        end=datetime(2026, 3, 29, 0, 40),
        observer=f"{OBS_2}; {OBS_4}",
        weather="Damp, mild, 9 °C",
        light="dark_poorly_lit",
        notes=(
            "Saturday night, the night the clocks went forward (visit ended before 01:00). 8-10 young people passed "
            "through between 22:00 and 23:00, mostly to or from the station; a smaller group (4, about 15-16) stayed "
            "under the bandstand until about 00:15. An adult male on an e-scooter circled the paths three times and "
            "stopped to talk to the group; he left by the Station Road entrance when the PCSO walked over. The "
            "young people knew the PCSO by name and were relaxed with him. Street pastors on Week Street said the "
            "park is not on their route."
        ),
    ),
    DemoVisit(
        start=datetime(2026, 4, 14, 18, 30),
        end=datetime(2026, 4, 14, 20, 45),
        observer=f"{OBS_3}; {OBS_4}",
        weather="Dry, light wind, 11 °C",
        light="dusk",
        notes=(
            "First evening visit since the clocks went forward: light until about 19:55, so groups stayed longer. "
            "By 20:20 the central lawn, the bandstand and the McKenzie Court side were dark. 6-8 young people (about "
            "14-17, mostly boys) on and around the bandstand until about 20:30; vapes and cannabis smell. An adult "
            "in a parked car on Station Road flashed headlights; one young person went to the car for under a minute "
            "and returned. Nobody else in the park after dark apart from people cutting through to the station."
        ),
    ),
    DemoVisit(
        start=datetime(2026, 4, 18, 13, 0),
        end=datetime(2026, 4, 18, 15, 30),
        observer=f"{OBS_1}; {OBS_3}",
        weather="Sunny, 15 °C",
        light="daylight",
        notes=(
            "Weekend afternoon: the park at its best. Families, museum visitors, a busy café. Small groups of young "
            "people (about 12-15) passed through to the town centre; none stayed long. A museum volunteer and the "
            "café manager know the regular groups by sight and said they would act if they knew who to call. "
            "Grounds staff said the Monday litter pick regularly finds canisters, small bags and bottles around the "
            "bandstand and behind the war memorial."
        ),
    ),
    DemoVisit(
        start=datetime(2026, 4, 23, 15, 30),
        end=datetime(2026, 4, 23, 17, 45),
        observer=f"{OBS_2}; {OBS_3}",
        weather="Bright, 14 °C",
        light="daylight",
        notes=(
            "After school again, now in British Summer Time: the same group of 10-12 at the bandstand, and with the "
            "long light evenings they stayed past 17:30. Two older males from the March visit came through twice; "
            "one handed something small to a boy of about 14 by the Station Road gate. Still no adult with a caring "
            "role present after 16:00; the grounds team and the museum both close up around then."
        ),
    ),
)

FIRST_FINDINGS = {
    Side.YOUNG_PEOPLE: SideFinding(
        side=Side.YOUNG_PEOPLE,
        strengths=(
            "Young people use the park as a social space and a safe route to school in daylight; most pass through "
            "rather than stay. Groups look out for each other, engage warmly with outreach workers and the PCSO, and "
            "told us plainly where and when they feel unsafe. Several named the youth hub as somewhere they would go "
            "if it were open later."
        ),
        concerns=(
            "After school and on Friday and Saturday nights young people, some as young as 12-13, gather at the "
            "bandstand with older males and adults they do not know well. We saw short trips away with older males, "
            "a hand-over by the Station Road gate, contact with a parked car, and an adult on an e-scooter "
            "approaching a group late at night: indicators of criminal exploitation (CCE, county lines). Nitrous "
            "oxide, alcohol and cannabis use are routine in the evening."
        ),
        evidence=(
            "Seven observation visits, 10 March to 23 April 2026 (see observation log). Conversations with young "
            "people in the park on 12 March and 28 March. Safety mapping at the youth hub on 18 March: 9 of 14 "
            "young people coloured the park red after dark, red or amber after school, green in the daytime. Police "
            "briefing at the February DCSM on county lines activity around the station approach."
        ),
        rating=Rating.AMBER,
    ),
    Side.GUARDIANSHIP: SideFinding(
        side=Side.GUARDIANSHIP,
        strengths=(
            "The PCSO for the area is known and liked by young people and is a credible trusted adult. Museum "
            "volunteers, café staff and the grounds team are present in the day and willing to act as guardians if "
            "given training and a named contact."
        ),
        concerns=(
            "Once the grounds team leaves at about 16:00 there is no capable guardian in the park: the lost hours "
            "and the whole evening have nobody with a caring role present. Street pastors and NTE staff see the park "
            "as 'not our patch'. CCTV points at the museum entrance, not the bandstand, and nobody knew who monitors "
            "it at night. Guardians we met did not know how to report a concern about exploitation other than 999."
        ),
        evidence=(
            "Visits of 12, 20 and 28 March and 14 and 23 April (no adult guardian present after 16:00 except the "
            "observers and the PCSO). Conversations with door staff and taxi marshals (20 March), street pastors "
            "(28 March), museum volunteer and café manager (18 April). CCTV position checked on 10 March."
        ),
        rating=Rating.RED,
    ),
    Side.ENVIRONMENT: SideFinding(
        side=Side.ENVIRONMENT,
        strengths=(
            "A well-kept Victorian park in the town centre with good daytime footfall, the museum next door and three "
            "pedestrian entrances (Station Road, St Faith's Street, McKenzie Court side), so it is never a dead end. "
            "The St Faith's Street path is lit. The war memorial is respected. The youth hub and Week Street are a "
            "few minutes away."
        ),
        concerns=(
            "After dark the central lawn, the bandstand and the McKenzie Court side are unlit: the path past the "
            "bandstand has no lamps, two lamps on the Station Road path were out, and the shrubs behind the war "
            "memorial hide whoever stands there. The bandstand is the only shelter and the natural gathering point, "
            "out of sight of the CCTV. Being minutes from Maidstone East and the NTE brings transient adults and "
            "easy exits by train. Gates stay open all night; canisters, small bags and glass are found every Monday."
        ),
        evidence=(
            "Lighting and CCTV checked on the visits of 10 and 20 March and 14 April; faults reported to the "
            "council. Grounds team's litter records (18 April). Licensing information on nearby off-licences from "
            "Community Protection. Residents' survey (winter 2025-26) naming the park as a place they feel least safe."
        ),
        rating=Rating.RED,
    ),
}

FIRST_ANALYSIS = (
    "The park is a good place in daylight and a risky one after school and at night. Young people come because it "
    "is central, free, sheltered at the bandstand and next to the station and Week Street; those same features bring "
    "older males and adults who target them. The main driver of harm is the absence of capable guardians from 16:00 "
    "onwards, combined with a dark, hidden bandstand and war memorial. Context weighting: the place itself "
    "(guardianship and lighting) carries most weight and must change first; the older peer group is a close second "
    "and is referred to the MACE panel. Young people's trust in the PCSO is a strength to build on."
)

FIRST_RECOMMENDATION = (
    "Agree a safety plan at the May DCSM with these goals: (1) trusted adults are present in the park after school "
    "and in the evening (detached youth work 15:30-18:30 twice weekly; PCSO patrols at the lost hours); (2) the "
    "bandstand and paths are lit and open to view (new lamps on the bandstand path, repairs on the Station Road "
    "path, cut back the shrubs behind the war memorial); (3) young people's views shape the plan (safety mapping "
    "in two schools). Ask the street pastors to include the park on Saturdays. Consider night gating only after "
    "consultation with young people, as it may displace them somewhere less visible. Reassess in the autumn, when "
    "the evenings are dark again."
)

# ---------------------------------------------------------------------------
# Reassessment: autumn 2026.

SECOND_START = date(2026, 9, 14)
SECOND_END = date(2026, 11, 16)

SECOND_VISITS = (
    DemoVisit(
        start=datetime(2026, 10, 6, 7, 40),
        end=datetime(2026, 10, 6, 8, 50),
        observer=f"{OBS_1}; {OBS_2}",
        weather="Dry, bright, 9 °C",
        light="daylight",
        notes=(
            "Park used as a cut-through as in March: roughly 40-50 secondary-age pupils in uniform passed through in "
            "small groups, moving quickly, no loitering. The shrubs behind the war memorial have been cut back and "
            "the bandstand is now open to view from both paths. The two adult males seen on the bench in March were "
            "not there. Fresh nitrous oxide canisters (about 6) and a small grip-seal bag under the bandstand steps; "
            "photographed, reported to the grounds team. The CCTV camera by the St Faith's Street gate still faces "
            "the museum entrance, not the bandstand."
        ),
    ),
    DemoVisit(
        start=datetime(2026, 10, 8, 15, 20),
        end=datetime(2026, 10, 8, 17, 40),
        observer=f"{OBS_1}; {OBS_2}",
        weather="Overcast, light drizzle after 16:30, 13 °C",
        light="daylight",
        notes=(
            "Thursday: a detached youth work session (Tuesdays and Thursdays since May). From 15:35 a group of 10-15 "
            "young people (most about 13-15, some in Year 7-8 uniform) gathered at the bandstand with food from Week "
            "Street; several went straight to the youth workers, who know the group well. At 16:10 three older males "
            "(about 18-22) came in from the Station Road entrance, saw the youth workers and stayed by the gate; two "
            "boys went over to them for about ten minutes and came back. Young people said the park is 'better after "
            "school now' but 'still dodgy at night, especially Fridays'. Drizzle moved the group under the bandstand "
            "roof, still the only shelter."
        ),
    ),
    DemoVisit(
        start=datetime(2026, 10, 21, 18, 10),
        end=datetime(2026, 10, 21, 20, 30),
        observer=f"{OBS_3}; {OBS_4}",
        weather="Dry, cold, light wind, 8 °C",
        light="dusk",
        notes=(
            "Sunset about 17:55; by 18:45 the central lawn was dark. The new lamps on the bandstand path (June) all "
            "work and the bandstand is now lit, but two lamps on the Station Road path have failed again (reported "
            "to the council, reference in the case file). 6-8 young people (about 14-17, mostly boys) on and around "
            "the bandstand until about 19:40; vapes. An adult in a parked car on Station Road flashed headlights; "
            "one young person went to the car for under a minute and returned, as in April. The PCSO spoke with the "
            "group in a friendly way; they were relaxed with him. Nobody else in the park after 19:00 apart from "
            "people cutting through to the station."
        ),
    ),
    DemoVisit(
        start=datetime(2026, 10, 30, 21, 30),
        end=datetime(2026, 10, 30, 23, 50),
        observer=f"{OBS_1}; {OBS_3}",
        weather="Dry, clear, 6 °C",
        light="dark_poorly_lit",
        notes=(
            "Friday, half-term week, first weekend after the clocks went back. The NTE on Week Street and around the "
            "station was busy; in the park only the St Faith's Street and bandstand paths were lit. From 22:00 about "
            "5-6 young people (about 15-17) with two adults (20s) by the war memorial, drinking; one girl appeared "
            "much younger (about 13) and very intoxicated. We approached; the adults left by the McKenzie Court side. "
            "Her friends agreed we could call for a lift home; a parent collected her at 22:40 from St Faith's "
            "Street. Safeguarding referral made the same night through the out-of-hours route (no details recorded "
            "here). Gates open all night; no patrol seen in the park on a Friday. Door staff and taxi marshals on "
            "Week Street still say the park is 'not our patch'."
        ),
    ),
    DemoVisit(
        start=datetime(2026, 10, 31, 22, 0),
        end=datetime(2026, 11, 1, 0, 45),
        observer=f"{OBS_2}; {OBS_4}",
        weather="Damp, mild, 11 °C; fireworks nearby",
        light="dark_poorly_lit",
        notes=(
            "Saturday, Halloween. Street pastors now walk through the park on Saturdays (since July) and did so "
            "twice with us. 10-12 young people in costume passed through between 22:00 and 23:00, mostly heading to "
            "or from the station; a smaller group (4, about 16-17) stayed under the bandstand until about 00:15. Two "
            "separate adult males approached the group offering 'a lift to the party'; the group declined and told "
            "the street pastors about it, which is a real strength. One adult male ran from the Station Road "
            "entrance when the PCSO approached. Rubbish and canisters heavy by 00:30."
        ),
    ),
    DemoVisit(
        start=datetime(2026, 11, 14, 13, 0),
        end=datetime(2026, 11, 14, 15, 30),
        observer=f"{OBS_1}; {OBS_3}",
        weather="Bright, cold, 7 °C",
        light="daylight",
        notes=(
            "Weekend afternoon: families, museum visitors, people at the war memorial, where the Remembrance wreaths "
            "were still laid and undisturbed. Small groups of young people (about 12-15) passed through to the town "
            "centre and café; none stayed long. The museum volunteer and café staff met in April have had no "
            "briefing yet; both would still like a named contact in the youth team and to know what to look for. "
            "Grounds staff say the Monday litter pick finds fewer canisters than in the spring, but still some."
        ),
    ),
)

SECOND_FINDINGS = {
    # Young people's strengths are left as carried forward from the spring: still true.
    Side.YOUNG_PEOPLE: SideFinding(
        side=Side.YOUNG_PEOPLE,
        concerns=(
            "After school, older males now keep their distance when the youth workers are there, and fewer younger "
            "children stay at the bandstand. Friday and Saturday nights have not changed: young people, some as "
            "young as 13, still gather with older males and adults they do not know well. We saw a heavily "
            "intoxicated younger girl with adults at the war memorial on 30 October, adults offering lifts on "
            "31 October and contact with a parked car on 21 October: indicators of criminal and sexual exploitation. "
            "Young people say the park is 'better after school now, still dodgy at night'."
        ),
        evidence=(
            "Six observation visits, 6 October to 14 November 2026 (see observation log). Conversations with young "
            "people in the park on 8 and 21 October. Safety mapping with 26 Year 9 pupils on 14 October: the park "
            "green in the daytime, amber after school (red in March), still red after dark. Police briefing at the "
            "October DCSM."
        ),
        rating=Rating.AMBER,
    ),
    Side.GUARDIANSHIP: SideFinding(
        side=Side.GUARDIANSHIP,
        strengths=(
            "Detached youth workers are in the park on Tuesday and Thursday afternoons and young people seek them "
            "out; older males keep away while they are there. The PCSO is known and liked. Street pastors walk "
            "through the park on Saturday nights since July, and young people told them about adults offering lifts. "
            "Museum volunteers and café staff are willing to be named contacts."
        ),
        concerns=(
            "Nobody with a caring role is present on Friday nights, or after 18:30 on weekdays. Door staff and taxi "
            "marshals still see the park as 'not our patch'. The CCTV still points at the museum entrance, not the "
            "bandstand. Café, museum and takeaway staff have had no briefing and do not know who to call short "
            "of 999. PCSO patrols are at two afternoons a week, not the four agreed."
        ),
        evidence=(
            "Visits of 8, 21, 30 and 31 October and 14 November. Youth work session logs (May to October). PCSO "
            "patrol log (demo). Conversations with street pastors (31 October), museum volunteer and café staff "
            "(14 November). Partnership meeting of 5 November."
        ),
        rating=Rating.AMBER,
    ),
    Side.ENVIRONMENT: SideFinding(
        side=Side.ENVIRONMENT,
        strengths=(
            "New lamps on the bandstand path since June: the bandstand is lit and, with the shrubs behind the war "
            "memorial cut back, open to view from both paths. Daytime footfall is good, the museum is next door and "
            "the three entrances mean the park is never a dead end."
        ),
        concerns=(
            "Two lamps on the Station Road path have failed again, leaving the way in from the station dark. The "
            "McKenzie Court side is still unlit. Gates stay open all night. Canisters and small bags are still found "
            "on Mondays, fewer than in the spring. Being minutes from Maidstone East and the NTE still brings "
            "transient adults on Friday and Saturday nights."
        ),
        evidence=(
            "Lighting and sight lines checked on 6 and 21 October; fault reported to the council. Grounds team's "
            "litter records (14 November). Partnership meeting with Parks, Community Protection and police "
            "(5 November)."
        ),
        rating=Rating.AMBER,
    ),
}

SECOND_ANALYSIS = (
    "The plan has changed the after-school hours: the youth workers and the new lighting mean fewer adults approach "
    "young people and the bandstand is no longer hidden. Friday and Saturday nights have not changed, and the peer "
    "group that met after school now meets then, with adults from the night-time economy around the station. "
    "Context weighting: the peer group now carries most weight, arranged partly online; the place itself comes "
    "next (the Station Road path and nobody present on Friday nights)."
)

SECOND_RECOMMENDATION = (
    "Continue the plan with a new focus on Friday and Saturday nights: a joint Friday evening patrol with British "
    "Transport Police from Maidstone East; briefings for café, takeaway and NTE staff so they know what to look "
    "for and who to call; repair the Station Road lamps and re-point the CCTV at the bandstand. Refer the peer group "
    "to the MACE panel again. Review monthly at the DCSM."
)
