"""Demo data for organisations, people, organs and memberships, taken from the seeds (shared/seeds).

Seed 002 (LGL's protocol 2023-09-29) names the members and their organisations; seed 003 describes the
organs; seed 004 gives Jönköpings län, loaded so that nothing can quietly assume one län. Where the seeds do
not name someone (the groups' chairs), demo choices are marked as such in the organ's description.
Idempotent: running it again changes nothing.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth import get_user_model
from django.utils.text import slugify

from groups import services
from groups.models import County, Membership, Organ, Organisation, Person

# (short name, full name): Swedish genitives are irregular, so both are spelled out.
KALMAR_KOMMUNER = [
    ("Borgholm", "Borgholms kommun"),
    ("Emmaboda", "Emmaboda kommun"),
    ("Hultsfred", "Hultsfreds kommun"),
    ("Högsby", "Högsby kommun"),
    ("Kalmar", "Kalmar kommun"),
    ("Mönsterås", "Mönsterås kommun"),
    ("Mörbylånga", "Mörbylånga kommun"),
    ("Nybro", "Nybro kommun"),
    ("Oskarshamn", "Oskarshamns kommun"),
    ("Torsås", "Torsås kommun"),
    ("Vimmerby", "Vimmerby kommun"),
    ("Västervik", "Västerviks kommun"),
]
JONKOPING_KOMMUNER = [
    ("Aneby", "Aneby kommun"),
    ("Eksjö", "Eksjö kommun"),
    ("Gislaved", "Gislaveds kommun"),
    ("Gnosjö", "Gnosjö kommun"),
    ("Habo", "Habo kommun"),
    ("Jönköping", "Jönköpings kommun"),
    ("Mullsjö", "Mullsjö kommun"),
    ("Nässjö", "Nässjö kommun"),
    ("Sävsjö", "Sävsjö kommun"),
    ("Tranås", "Tranås kommun"),
    ("Vaggeryd", "Vaggeryds kommun"),
    ("Vetlanda", "Vetlanda kommun"),
    ("Värnamo", "Värnamo kommun"),
]

# Demo logins, printed by `make run`. They exist only in demo data.
DEMO_USERS = {
    "admin": ("demo-admin-lgl-2026", None),
    "sekreterare": ("demo-sekreterare-2026", "Helene Wendell"),
    "ordforande": ("demo-ordforande-2026", "Anna Hasselbom Trofast"),
    "justerare": ("demo-justerare-2026", "Johanna Fors"),
    "ledamot": ("demo-ledamot-2026", "Patrik Glasberg"),
    "utomstaende": ("demo-utomstaende-2026", None),
}

LGL_START = dt.date(2023, 1, 1)

# (name, title, organisation key, role) from seed 002's list of närvarande ledamöter.
LGL_MEMBERS = [
    ("Anna Hasselbom Trofast", "Socialchef", "Borgholm", Membership.Role.ORDFORANDE),
    ("Sofia Hartz", "Planeringsdirektör", "Region", Membership.Role.VICE_ORDFORANDE),
    ("Sven-Erik Karlsson", "Brukarrepresentant", None, Membership.Role.BRUKARREPRESENTANT),
    ("Rune Jansson", "Brukarrepresentant", None, Membership.Role.BRUKARREPRESENTANT),
    ("Susann Winst", "Socialchef", "Högsby", Membership.Role.LEDAMOT),
    ("Ann-Katrin Ståhl", "Socialchef", "Mörbylånga", Membership.Role.LEDAMOT),
    ("Marie Stjernström", "Socialchef", "Hultsfred", Membership.Role.LEDAMOT),
    ("Cecilia Wahlström", "Socialchef", "Oskarshamn", Membership.Role.LEDAMOT),
    ("Gudrun Johnsson", "Socialchef", "Nybro", Membership.Role.LEDAMOT),
    ("Johanna Fors", "Socialchef", "Torsås", Membership.Role.LEDAMOT),
    ("Patrik Glasberg", "Omsorgschef", "Kalmar", Membership.Role.LEDAMOT),
    ("Camilla Freedeke", "Skolchef", "Kalmar", Membership.Role.LEDAMOT),
    ("Johan Rosenqvist", "Förvaltningschef", "Region", Membership.Role.LEDAMOT),
    ("Niklas Föghner", "Förvaltningschef", "Region", Membership.Role.LEDAMOT),
    ("Mats Petersson", "Förvaltningschef", "Region", Membership.Role.LEDAMOT),
    ("Magnus Persson", "Förvaltningschef", "Region", Membership.Role.LEDAMOT),
    ("Malin Beddesand", "Förvaltningschef", "Region", Membership.Role.LEDAMOT),
    ("Helene Wendell", "Samordnare Länsgemensam ledning", "Region", Membership.Role.SEKRETERARE),
    ("Per-Olof Fahlström", "Kommunförbundet Kalmar län", "KF", Membership.Role.ADJUNGERAD),
]

OTHER_PEOPLE = [
    ("Cecilia Frid", "Verksamhetsledare", "KF"),
    ("Niklas Teodorsson", "Utvecklingsledare Nära vård", "KF"),
    ("Marie Ragnarsson", "Samordnare Nära vård", "Region"),
    ("Mathias Karlsson", "Analytiker", "Region"),
    ("Karin Torstensson", "Områdeschef äldre", "Oskarshamn"),
    ("Karin Jilkén", "Verksamhetschef äldre", "Kalmar"),
]

# Demo choices: the seeds say chairs were proposed for each group but do not name them.
GROUPS = [
    (
        "Barn och unga",
        "barn-och-unga",
        "Cecilia Wahlström",
        "Johan Rosenqvist",
        "Samordnande grupp för barn och unga: elevhälsa, skolhälsovård, ungdomsmottagningar och samverkan kring barn.",
    ),
    (
        "Psykisk hälsa",
        "psykisk-halsa",
        "Gudrun Johnsson",
        "Niklas Föghner",
        "Samordnande grupp för psykisk hälsa och suicidprevention enligt den länsgemensamma överenskommelsen.",
    ),
    (
        "Äldre",
        "aldre",
        "Marie Stjernström",
        "Mats Petersson",
        "Samordnande grupp för äldre: hemsjukvård, omsorg och samordnade insatser för äldre i länet.",
    ),
]


def load(*, out: Any = None) -> dict[str, Any]:
    kalmar, _ = County.objects.get_or_create(name="Kalmar län", defaults={"code": "08"})
    jonkoping, _ = County.objects.get_or_create(name="Jönköpings län", defaults={"code": "06"})

    orgs: dict[str, Organisation] = {}
    orgs["Region"] = _org(
        kalmar, "Region Kalmar län", "Region Kalmar", Organisation.Kind.REGION, True, "region-kalmar-lan"
    )
    for kommun, full_name in KALMAR_KOMMUNER:
        orgs[kommun] = _org(kalmar, full_name, kommun, Organisation.Kind.KOMMUN, True, f"{slugify(kommun)}-kommun")
    orgs["KF"] = _org(
        kalmar,
        "Kommunförbundet i Kalmar län",
        "KF",
        Organisation.Kind.KOMMUNALFORBUND,
        False,
        "kommunforbundet-kalmar-lan",
    )
    orgs["GF"] = _org(
        kalmar,
        "Kalmarsunds gymnasieförbund",
        "Gymnasieförbundet",
        Organisation.Kind.KOMMUNALFORBUND,
        False,
        "kalmarsunds-gymnasieforbund",
    )

    j_region = _org(
        jonkoping, "Region Jönköpings län", "Region Jönköping", Organisation.Kind.REGION, True, "region-jonkopings-lan"
    )
    for kommun, full_name in JONKOPING_KOMMUNER:
        _org(jonkoping, full_name, kommun, Organisation.Kind.KOMMUN, True, f"{slugify(kommun)}-kommun")
    j_ku = _org(
        jonkoping,
        "Kommunal utveckling, Region Jönköpings län",
        "Kommunal utveckling",
        Organisation.Kind.OVRIG,
        False,
        "kommunal-utveckling-jonkoping",
    )

    lgl = _organ(
        kalmar,
        "Länsgemensam ledning i samverkan",
        "LGL",
        "lgl",
        Organ.Kind.LEDNINGSGRUPP,
        None,
        purpose=(
            "Ledningsgrupp för gemensamma frågor inom socialtjänst och angränsande område, hälso- och sjukvård "
            "samt skola och gymnasieförbund i Kalmar län."
        ),
        description=(
            "Består av social- och omsorgschefer och skolchefer från länets tolv kommuner, förbundschef för "
            "Gymnasieförbundet, sju förvaltnings- och stabschefer från Region Kalmar län samt två "
            "brukarrepresentanter."
        ),
        storage="Kommunförbundet i Kalmar län",
        # LGL numbers its points per meeting without § ("1. Välkomna", seed 002).
        paragraph_format=Organ.ParagraphFormat.POINTS,
    )
    presidiet = _organ(
        kalmar,
        "Presidiet för Länsgemensam ledning",
        "Presidiet",
        "lgl-presidiet",
        Organ.Kind.PRESIDIUM,
        lgl,
        purpose="Rapporterar till politiken och förbereder ärenden till Länsgemensam ledning.",
        description=(
            "Förstärkt enligt beslut hösten 2023: två KSO blir fyra KSO, och tjänstepersoner fördelas jämnt "
            "med tre–fyra personer från region respektive kommun."
        ),
    )
    groups = {}
    for name, slug, _chair, _vice, purpose in GROUPS:
        groups[slug] = _organ(
            kalmar,
            name,
            name,
            slug,
            Organ.Kind.SAMORDNANDE_GRUPP,
            lgl,
            purpose=purpose,
            description="Ordförande och vice ordförande i demodata är exempel; källorna namnger dem inte.",
        )
    _organ(
        kalmar,
        "Styrgrupp kompetensförsörjning Nära vård",
        "Styrgrupp KF",
        "styrgrupp-kompetensforsorjning",
        Organ.Kind.STYRGRUPP,
        lgl,
        purpose="Styrgrupp för den länsgemensamma kompetensförsörjningsplanen Nära vård.",
    )
    _organ(
        kalmar,
        "Chefsnätverk socialtjänst",
        "Chefsnätverk",
        "chefsnatverk-socialtjanst",
        Organ.Kind.NATVERK,
        lgl,
        purpose="Nätverk för länets socialchefer; remissinstans för länsgemensamma förslag.",
    )

    # Every principal's assembly, for the ratification work: bound by Kommunallagen's rules.
    for key, org in orgs.items():
        if not org.is_principal:
            continue
        name = "Regionfullmäktige, Region Kalmar län" if key == "Region" else f"Kommunfullmäktige i {org.name}"
        _organ(
            kalmar,
            name,
            "RF" if key == "Region" else "KF",
            f"fullmaktige-{org.slug}",
            Organ.Kind.FULLMAKTIGE,
            None,
            organisation=org,
            kommunallagen_rules=True,
            paragraph_format=Organ.ParagraphFormat.YEAR,
            storage=f"{org.name}, kansliet",
        )
    pks = _organ(
        jonkoping,
        "Primärkommunalt samverkansorgan (PKS)",
        "PKS",
        "pks-jonkoping",
        Organ.Kind.LEDNINGSGRUPP,
        None,
        purpose="Samverkansorgan för Jönköpings läns 13 kommuner.",
    )

    people: dict[str, Person] = {}
    for name, title, org_key, _role in LGL_MEMBERS:
        people[name] = _person(name, title, orgs.get(org_key) if org_key else None)
    for name, title, org_key in OTHER_PEOPLE:
        people[name] = _person(name, title, orgs[org_key])
    people["Ola Götesson"] = _person("Ola Götesson", "Chef Kommunal utveckling", j_ku)

    admin = _user("admin", superuser=True)
    for username, (_pw, person_name) in DEMO_USERS.items():
        user = admin if username == "admin" else _user(username)
        if person_name and people[person_name].user_id is None:
            services.person_update(acting_user=admin, person=people[person_name], user=user)

    for name, _title, _org_key, role in LGL_MEMBERS:
        _membership(admin, people[name], lgl, role, LGL_START)
    _membership(admin, people["Anna Hasselbom Trofast"], presidiet, Membership.Role.LEDAMOT, LGL_START)
    _membership(admin, people["Sofia Hartz"], presidiet, Membership.Role.LEDAMOT, LGL_START)
    _membership(admin, people["Helene Wendell"], presidiet, Membership.Role.SEKRETERARE, LGL_START)
    _membership(admin, people["Ola Götesson"], pks, Membership.Role.SAMORDNARE, dt.date(2021, 1, 1))

    group_start = dt.date(2023, 10, 1)
    for _name, slug, chair, vice, _purpose in GROUPS:
        organ = groups[slug]
        _membership(admin, people[chair], organ, Membership.Role.ORDFORANDE, group_start)
        _membership(admin, people[vice], organ, Membership.Role.VICE_ORDFORANDE, group_start)
        _membership(admin, people["Helene Wendell"], organ, Membership.Role.SAMORDNARE, group_start)
    # Seed 002 § 7: "Karin Jilkén ... ersätter Karin Torstensson" in the samordnande grupp (Äldre).
    aldre = groups["aldre"]
    old = _membership(admin, people["Karin Torstensson"], aldre, Membership.Role.LEDAMOT, dt.date(2022, 1, 1))
    if old.end_date is None:
        services.membership_replace(
            acting_user=admin, membership=old, new_person=people["Karin Jilkén"], change_date=dt.date(2023, 9, 29)
        )
    for member in ("Patrik Glasberg", "Ann-Katrin Ståhl"):
        _membership(admin, people[member], aldre, Membership.Role.LEDAMOT, group_start)
    for member in ("Camilla Freedeke", "Susann Winst"):
        _membership(admin, people[member], groups["barn-och-unga"], Membership.Role.LEDAMOT, group_start)
    for member in ("Johanna Fors", "Malin Beddesand"):
        _membership(admin, people[member], groups["psykisk-halsa"], Membership.Role.LEDAMOT, group_start)

    if out is not None:
        out.write(
            f"  organisationer: {Organisation.objects.count()}, organ: {Organ.objects.count()}, "
            f"personer: {Person.objects.count()}, uppdrag: {Membership.objects.count()}\n"
        )
    return {
        "lgl": lgl,
        "people": people,
        "orgs": orgs,
        "admin": admin,
        "groups": groups,
        "county": kalmar,
        "j_region": j_region,
    }


def _org(county: County, name: str, short: str, kind: str, principal: bool, slug: str) -> Organisation:
    org, _ = Organisation.objects.get_or_create(
        slug=slug,
        defaults={
            "name": name,
            "short_name": short,
            "kind": kind,
            "county": county,
            "is_principal": principal,
            "contact_email": f"registrator@{slug}.example",
            "registrator_email": f"registrator@{slug}.example",
        },
    )
    return org


def _organ(
    county: County,
    name: str,
    short: str,
    slug: str,
    kind: str,
    parent: Organ | None,
    *,
    purpose: str = "",
    description: str = "",
    organisation: Organisation | None = None,
    kommunallagen_rules: bool = False,
    paragraph_format: str = Organ.ParagraphFormat.PLAIN,
    storage: str = "",
) -> Organ:
    organ, _ = Organ.objects.get_or_create(
        slug=slug,
        defaults={
            "name": name,
            "short_name": short,
            "kind": kind,
            "county": county,
            "parent": parent,
            "purpose": purpose,
            "description": description,
            "organisation": organisation,
            "kommunallagen_rules": kommunallagen_rules,
            "paragraph_format": paragraph_format,
            "protocol_storage_place": storage,
        },
    )
    return organ


def _person(name: str, title: str, organisation: Organisation | None) -> Person:
    email = slugify(name).replace("-", ".") + "@example.se"
    person, _ = Person.objects.get_or_create(
        name=name, defaults={"title": title, "organisation": organisation, "email": email}
    )
    return person


def _user(username: str, *, superuser: bool = False) -> Any:
    User = get_user_model()
    user = User.objects.filter(username=username).first()
    if user is None:
        password = DEMO_USERS[username][0]
        if superuser:
            user = User.objects.create_superuser(username=username, email=f"{username}@example.se", password=password)
        else:
            user = User.objects.create_user(username=username, email=f"{username}@example.se", password=password)
    return user


def _membership(admin: Any, person: Person, organ: Organ, role: str, start: dt.date) -> Membership:
    existing = Membership.objects.filter(person=person, organ=organ, role=role, start_date=start).first()
    if existing is not None:
        return existing
    return services.membership_start(acting_user=admin, person=person, organ=organ, role=role, start_date=start)
