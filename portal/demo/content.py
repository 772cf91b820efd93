"""The demo content, in French and in English, as plain Python data.

Sources (``/work/shared/seeds``):

* 000 – Prévention du crime Ottawa, plan stratégique 2021-2022: vision, mission, methods,
  priorities, actions under three pillars, cross-cutting priorities and results. French text
  is verbatim; English is a faithful translation.
* 001 – Service de police d'Ottawa, Direction stratégique 2027: four directions and their
  commitments (French verbatim, English translated).
* 002 – Ontario's Community Safety and Well-Being framework: the ministry, and the four zones.
* 003 – PACT-Ottawa's imPACT project, with its published figures (about 1,000 youth to reach,
  27% of sessions held in French, 10 trained facilitators, last updated 25 March 2015).
* 004 – OPS Community Development Section (English): its mandate describes the OPS.

Everything else (the other initiatives, their activities and updates, three organisations)
is demo material and says so: "Initiative de démonstration." / "Demo initiative.".
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from initiatives.models import Activity, Indicator, Initiative, ProgressUpdate
from partners.models import Membership, Organisation
from priorities.models import Strategy

TZ = ZoneInfo("America/Toronto")

Kind = Organisation.Kind
Pillar = Strategy.Pillar
Unit = Indicator.Unit
Question = Indicator.Question
Source = Indicator.Source
Derivation = Indicator.Derivation
Aggregation = Indicator.Aggregation
Direction = Indicator.Direction
Zone = Initiative.Zone
Status = Initiative.Status
A = Activity.Kind
Aud = Activity.Audience
Lang = Activity.Language
UpdateStatus = ProgressUpdate.Status


def at(year: int, month: int, day: int, hour: int = 10, minute: int = 0) -> datetime.datetime:
    """A timezone-aware moment in Ottawa."""
    return datetime.datetime(year, month, day, hour, minute, tzinfo=TZ)


# --- Accounts -------------------------------------------------------------------------------

DEMO_PASSWORD = "demo-password-2021"  # noqa: S105 - a published demo password, on purpose

ACCOUNTS = [
    {
        "email": "coordinator@demo.ottawa.ca",
        "first_name": "Camille",
        "last_name": "Tremblay",
        "preferred_language": "fr",
        "is_coordinator": True,
        "is_staff": False,
        "is_superuser": False,
        "organisation": None,
        "role": None,
        "description": "Coordinator: reviews updates across all partners, locks periods",
    },
    {
        "email": "lead@pact-ottawa.demo",
        "first_name": "Jordan",
        "last_name": "Lee",
        "preferred_language": "en",
        "is_coordinator": False,
        "is_staff": False,
        "is_superuser": False,
        "organisation": "pact-ottawa",
        "role": Membership.Role.LEAD,
        "description": "Partner lead, PACT-Ottawa: edits and submits updates, invites colleagues",
    },
    {
        "email": "staff@pact-ottawa.demo",
        "first_name": "Sophie",
        "last_name": "Gagnon",
        "preferred_language": "fr",
        "is_coordinator": False,
        "is_staff": False,
        "is_superuser": False,
        "organisation": "pact-ottawa",
        "role": Membership.Role.STAFF,
        "description": "Partner staff, PACT-Ottawa: logs activities, edits updates",
    },
    {
        "email": "staff@stjoes.demo",
        "first_name": "Amina",
        "last_name": "Hassan",
        "preferred_language": "en",
        "is_coordinator": False,
        "is_staff": False,
        "is_superuser": False,
        "organisation": "st-joes-womens-centre",
        "role": Membership.Role.STAFF,
        "description": "Partner staff, St. Joe's Women's Centre: logs activities, edits updates",
    },
    {
        "email": "admin@demo.ottawa.ca",
        "first_name": "Alex",
        "last_name": "Admin",
        "preferred_language": "fr",
        "is_coordinator": False,
        "is_staff": True,
        "is_superuser": True,
        "organisation": None,
        "role": None,
        "description": "Administrator: everything, including the Django admin",
    },
]

DEMO_ACCOUNTS: list[tuple[str, str]] = [(a["email"], a["description"]) for a in ACCOUNTS]

COORDINATOR = "coordinator@demo.ottawa.ca"
PACT_LEAD = "lead@pact-ottawa.demo"
PACT_STAFF = "staff@pact-ottawa.demo"
STJOES_STAFF = "staff@stjoes.demo"

# Who logs activities for a delivering organisation (when it has a demo account).
LOGGERS = {"pact-ottawa": PACT_STAFF, "st-joes-womens-centre": STJOES_STAFF}
# Who submits updates for a lead organisation; the coordinator enters them for partners
# without a demo lead account (staff may not submit).
SUBMITTERS = {"pact-ottawa": PACT_LEAD}

# --- Organisations --------------------------------------------------------------------------

CPO = "crime-prevention-ottawa"
OPS = "ottawa-police-service"
PACT = "pact-ottawa"
STJOES = "st-joes-womens-centre"
SWC = "status-of-women-canada"
PSC = "public-safety-canada"
MINISTRY = "ontario-ministry-of-the-solicitor-general"
SCHOOL_BOARD = "rideau-river-school-board"
HEALTH_CENTRE = "east-neighbourhoods-community-health-centre"
SENIORS = "south-ottawa-seniors-network"

DEMO_ORG_FR = "Organisme de démonstration."
DEMO_ORG_EN = "Demo organisation."

ORGANISATIONS = [
    {
        "slug": CPO,
        "name_fr": "Prévention du crime Ottawa",
        "name_en": "Crime Prevention Ottawa",
        "acronym_fr": "PCO",
        "acronym_en": "CPO",
        "kind": Kind.MUNICIPAL,
        "description_fr": (
            "Prévention du crime Ottawa a pour mission de prévenir le crime et d'augmenter la "
            "sécurité et le bien-être dans les communautés d'Ottawa au moyen d'initiatives "
            "collaboratives et fondées sur des données probantes. Elle coordonne le plan "
            "stratégique 2021-2022 et ses quatre priorités : la violence fondée sur le genre, "
            "les jeunes, les quartiers et les adultes vulnérables."
        ),
        "description_en": (
            "Crime Prevention Ottawa's mission is to prevent crime and increase safety and "
            "well-being in Ottawa's communities through collaborative, evidence-based "
            "initiatives. It coordinates the 2021-2022 strategic plan and its four priorities: "
            "gender-based violence, youth, neighbourhoods and vulnerable adults."
        ),
        "website": "https://www.crimepreventionottawa.ca/",
        # At City Hall, 110 Laurier Avenue West; it serves the whole city (no ward).
        "latitude": Decimal("45.420900"),
        "longitude": Decimal("-75.690100"),
    },
    {
        "slug": OPS,
        "name_fr": "Service de police d'Ottawa",
        "name_en": "Ottawa Police Service",
        "acronym_fr": "SPO",
        "acronym_en": "OPS",
        "kind": Kind.POLICE,
        "description_fr": (
            "Le Service de police d'Ottawa conçoit le développement communautaire comme un "
            "processus collectif à long terme visant à établir des relations de confiance, à "
            "renforcer les capacités et à bâtir des partenariats durables. Le mandat de sa "
            "Section du développement communautaire est d'établir des partenariats durables et "
            "des stratégies de mobilisation au sein de la communauté ; de travailler avec les "
            "communautés, les organismes et les membres de l'organisation pour cerner les "
            "problèmes, les possibilités et les solutions possibles ; et de favoriser la "
            "confiance envers les services de police en élargissant les possibilités "
            "d'éducation liées à la police communautaire. Ses fonctions : Partenariat en "
            "action, développement de la police communautaire, mobilisation de la communauté "
            "et forum sur la police communautaire."
        ),
        "description_en": (
            "The Ottawa Police Service understands community development as a collective long "
            "term process, designed to establish trusting relationships, build capacity and "
            "sustainable partnership. The mandate of its Community Development Section is to "
            "develop sustainable partnerships and engagement strategies within the community; "
            "to work with communities, agencies and members of the organization to identify "
            "problems, opportunities and potential solutions; and to promote trust and "
            "confidence in policing by expanding and enhancing educational opportunities "
            "related to community policing. Its core functions: Partnership in Action, "
            "community policing development, community engagement and mobilization, and the "
            "Community Policing Forum."
        ),
        "website": "https://www.ottawapolice.ca/",
        # Headquarters, 474 Elgin Street (at Argyle Avenue); it serves the whole city.
        "latitude": Decimal("45.411000"),
        "longitude": Decimal("-75.686500"),
    },
    {
        "slug": PACT,
        "name_fr": "PACT-Ottawa",
        "name_en": "PACT-Ottawa",
        "acronym_fr": "",
        "acronym_en": "",
        "kind": Kind.COMMUNITY,
        "description_fr": (
            "Organisme communautaire d'Ottawa qui mène une initiative de prévention de la "
            "traite des personnes, dont le projet imPACT : empêcher et réduire la traite des "
            "femmes et des filles au moyen de la planification communautaire."
        ),
        "description_en": (
            "An Ottawa community organisation running a human trafficking prevention "
            "initiative, including the imPACT project: preventing and reducing the trafficking "
            "of women and girls through community planning."
        ),
        "website": "",
    },
    {
        "slug": STJOES,
        "name_fr": "Centre pour femmes St. Joe",
        "name_en": "St. Joe's Women's Centre",
        "acronym_fr": "",
        "acronym_en": "",
        "kind": Kind.SHELTER,
        "description_fr": (
            "Centre communautaire pour femmes d'Ottawa, partenaire du projet imPACT de "
            "PACT-Ottawa aux côtés de Prévention du crime Ottawa et du Service de police "
            "d'Ottawa."
        ),
        "description_en": (
            "An Ottawa community centre for women, a partner of PACT-Ottawa's imPACT project "
            "alongside Crime Prevention Ottawa and the Ottawa Police Service."
        ),
        "website": "",
        # A women's centre: its location is on file but never published (not on the map, its
        # ward not in the list by ward), by its kind and, to be sure, by its own flag.
        "latitude": Decimal("45.424300"),
        "longitude": Decimal("-75.684500"),
        "ward_fr": "Côte-de-Sable",
        "ward_en": "Sandy Hill",
        "show_on_map": False,
    },
    {
        "slug": SWC,
        "name_fr": "Condition féminine Canada",
        "name_en": "Status of Women Canada",
        "acronym_fr": "",
        "acronym_en": "",
        "kind": Kind.FUNDER,
        "description_fr": (
            "Organisme fédéral (aujourd'hui Femmes et Égalité des genres Canada) qui a financé "
            "le projet imPACT avec Sécurité publique Canada."
        ),
        "description_en": (
            "A federal agency (now Women and Gender Equality Canada) that funded the imPACT "
            "project with Public Safety Canada."
        ),
        "website": "",
    },
    {
        "slug": PSC,
        "name_fr": "Sécurité publique Canada",
        "name_en": "Public Safety Canada",
        "acronym_fr": "",
        "acronym_en": "",
        "kind": Kind.FUNDER,
        "description_fr": (
            "Ministère fédéral qui a financé le projet imPACT avec Condition féminine Canada."
        ),
        "description_en": (
            "The federal department that funded the imPACT project with Status of Women Canada."
        ),
        "website": "",
    },
    {
        "slug": MINISTRY,
        "name_fr": "Ministère du Solliciteur général de l'Ontario",
        "name_en": "Ontario Ministry of the Solicitor General",
        "acronym_fr": "",
        "acronym_en": "",
        "kind": Kind.OTHER,
        "description_fr": (
            "Le ministère continue d'appuyer les Ontariens dans la réalisation de "
            "l'évaluation, de la mise en œuvre et de la planification de la sécurité et du "
            "bien-être dans les collectivités, en collaborant avec les collectivités, les "
            "services de police et les partenaires interministériels. Son cadre encourage des "
            "plans locaux dotés de stratégies multisectorielles et fondées sur le risque en "
            "développement social, en prévention et en intervention centrée sur le risque."
        ),
        "description_en": (
            "The ministry continues to support Ontarians in assessing, implementing and "
            "planning community safety and well-being, working with communities, police "
            "services and inter-ministerial partners. Its framework encourages local plans with "
            "multi-sector, risk-based strategies in social development, prevention and "
            "risk intervention."
        ),
        "website": "",
    },
    {
        "slug": SCHOOL_BOARD,
        "name_fr": "Conseil scolaire Rivière-Rideau",
        "name_en": "Rideau River School Board",
        "acronym_fr": "",
        "acronym_en": "",
        "kind": Kind.SCHOOL,
        "description_fr": DEMO_ORG_FR,
        "description_en": DEMO_ORG_EN,
        "website": "",
        "latitude": Decimal("45.393500"),
        "longitude": Decimal("-75.682500"),
        "ward_fr": "Capitale",
        "ward_en": "Capital",
    },
    {
        "slug": HEALTH_CENTRE,
        "name_fr": "Centre de santé communautaire des Quartiers-Est",
        "name_en": "East Neighbourhoods Community Health Centre",
        "acronym_fr": "",
        "acronym_en": "",
        "kind": Kind.HEALTH,
        "description_fr": DEMO_ORG_FR,
        "description_en": DEMO_ORG_EN,
        "website": "",
        "latitude": Decimal("45.439500"),
        "longitude": Decimal("-75.663500"),
        "ward_fr": "Rideau-Vanier",
        "ward_en": "Rideau-Vanier",
    },
    {
        "slug": SENIORS,
        "name_fr": "Réseau des aînés d'Ottawa-Sud",
        "name_en": "South Ottawa Seniors' Network",
        "acronym_fr": "",
        "acronym_en": "",
        "kind": Kind.COMMUNITY,
        "description_fr": DEMO_ORG_FR,
        "description_en": DEMO_ORG_EN,
        "website": "",
        "latitude": Decimal("45.365900"),
        "longitude": Decimal("-75.657800"),
        "ward_fr": "Gloucester-Southgate",
        "ward_en": "Gloucester-Southgate",
    },
]

# --- Plan 1: Crime Prevention Ottawa, strategic plan 2021-2022 (seed 000) --------------------

GBV = "gender-based-violence"
YOUTH = "youth"
NEIGHBOURHOODS = "neighbourhoods"
VULNERABLE_ADULTS = "vulnerable-adults"

CPO_PLAN = {
    "slug_fr": "plan-strategique-2021-2022",
    "slug_en": "strategic-plan-2021-2022",
    "title_fr": "Plan stratégique 2021-2022",
    "title_en": "Strategic Plan 2021-2022",
    "owner": CPO,
    "start": datetime.date(2021, 1, 1),
    "end": datetime.date(2022, 12, 31),
    "is_featured": True,
    "vision_fr": (
        "Ottawa est une ville où les individus et les familles se sentent en sécurité et dont "
        "les quartiers sont également sécuritaires."
    ),
    "vision_en": (
        "Ottawa is a city where individuals and families feel safe and whose neighbourhoods "
        "are safe as well."
    ),
    "mission_fr": (
        "Prévenir le crime et augmenter la sécurité et le bien-être dans les communautés "
        "d'Ottawa au moyen d'initiatives collaboratives et fondées sur des données probantes."
    ),
    "mission_en": (
        "To prevent crime and increase safety and well-being in Ottawa's communities through "
        "collaborative, evidence-based initiatives."
    ),
    "methods_fr": (
        "Prévention du crime Ottawa croit que les meilleures interventions sont fondées sur les "
        "perspectives des membres des communautés touchées et réalisées par ceux-ci. Dans tous "
        "les aspects de notre travail, la lutte contre le racisme est axée sur la lutte contre "
        "le racisme anti-noirs et anti-autochtones et contre la discrimination fondée sur la "
        "religion. Nous travaillons en étroite collaboration avec nos partenaires pour élaborer "
        "des solutions fondées sur des données probantes, effectuer des recherches et résoudre "
        "des problèmes touchant la sécurité des résidents d'Ottawa. Nous adopterons une "
        "approche souple pour traiter les nouveaux enjeux de nos communautés."
    ),
    "methods_en": (
        "Crime Prevention Ottawa believes that the best interventions are grounded in the "
        "perspectives of members of the affected communities and carried out by them. In every "
        "aspect of our work, anti-racism focuses on combating anti-Black and anti-Indigenous "
        "racism and discrimination based on religion. We work closely with our partners to "
        "develop evidence-based solutions, conduct research and solve problems affecting the "
        "safety of Ottawa residents. We will take a flexible approach to addressing emerging "
        "issues in our communities."
    ),
    "summary_fr": (
        "Le plan stratégique 2021-2022 de Prévention du crime Ottawa fixe quatre priorités : la "
        "violence fondée sur le genre, les jeunes, les quartiers et les adultes vulnérables. "
        "Chacune est poursuivie selon trois axes : miser sur nos partenariats, renforcer nos "
        "capacités, et rechercher, innover et informer. Deux priorités communes traversent tout "
        "le plan : combattre le racisme de façon inclusive et accroître l'attention portée à la "
        "santé mentale."
    ),
    "summary_en": (
        "Crime Prevention Ottawa's 2021-2022 strategic plan sets four priorities: gender-based "
        "violence, youth, neighbourhoods and vulnerable adults. Each is pursued along three "
        "pillars: leverage our partnerships, build our capacity, and research, innovate and "
        "inform. Two shared priorities run through the whole plan: inclusive anti-racism and "
        "an increased focus on mental health."
    ),
    "areas": [
        {
            "slug_fr": "violence-fondee-sur-le-genre",
            "slug_en": GBV,
            "title_fr": "La violence fondée sur le genre",
            "title_en": "Gender-based violence",
            "colour": "#6a1b4d",
            "summary_fr": (
                "Agir avec nos partenaires contre la violence fondée sur le genre, promouvoir "
                "une culture de prévention et étudier les nouveaux enjeux comme la traite de "
                "personnes."
            ),
            "summary_en": (
                "Acting with our partners against gender-based violence, promoting a culture of "
                "prevention and studying emerging issues such as human trafficking."
            ),
            "body_fr": (
                "La violence fondée sur le genre touche de façon disproportionnée les femmes, "
                "les filles et les personnes de diverses identités de genre, en particulier "
                "dans les communautés qui se heurtent à des obstacles systémiques et à des "
                "traumatismes générationnels. Prévention du crime Ottawa travaille avec ses "
                "partenaires pour sensibiliser le public, garder les services accessibles, y "
                "compris pendant la pandémie de COVID-19, et mieux comprendre des enjeux comme "
                "la violence à caractère sexuel, les réseaux sociaux et la traite de personnes."
            ),
            "body_en": (
                "Gender-based violence disproportionately affects women, girls and "
                "gender-diverse people, especially in communities facing systemic barriers and "
                "generational trauma. Crime Prevention Ottawa works with its partners to raise "
                "public awareness, keep services accessible, including during the COVID-19 "
                "pandemic, and better understand issues such as sexual violence, social media "
                "and human trafficking."
            ),
            "strategies": [
                (
                    Pillar.PARTNERSHIPS,
                    "Agir contre la violence fondée sur le genre avec les partenaires et les "
                    "communautés se heurtant à des obstacles systémiques et à des traumatismes "
                    "générationnels.",
                    "Act against gender-based violence with partners and communities facing "
                    "systemic barriers and generational trauma.",
                ),
                (
                    Pillar.CAPACITY,
                    "Promouvoir une culture de prévention et sensibiliser le public.",
                    "Promote a culture of prevention and raise public awareness.",
                ),
                (
                    Pillar.CAPACITY,
                    "Explorer des moyens de rendre les services accessibles aux clients dans le "
                    "contexte de la pandémie de COVID-19.",
                    "Explore ways to make services accessible to clients in the context of the "
                    "COVID-19 pandemic.",
                ),
                (
                    Pillar.RESEARCH,
                    "Étudier les nouveaux enjeux comme la violence à caractère sexuel, les "
                    "réseaux sociaux et la traite de personnes.",
                    "Study emerging issues such as sexual violence, social media and human "
                    "trafficking.",
                ),
            ],
        },
        {
            "slug_fr": "jeunes",
            "slug_en": YOUTH,
            "title_fr": "Les jeunes",
            "title_en": "Youth",
            "colour": "#1f4e79",
            "summary_fr": (
                "Lutter collectivement contre la violence dans les rues, soutenir un "
                "développement sain des jeunes et aider les organismes jeunesse à évaluer leur "
                "travail."
            ),
            "summary_en": (
                "Working together against street violence, supporting healthy youth "
                "development and helping youth organisations evaluate their work."
            ),
            "body_fr": (
                "Les jeunes d'Ottawa méritent de grandir en sécurité. Avec les responsables des "
                "initiatives jeunesse, les chercheurs et les organismes qui travaillent auprès "
                "des jeunes, Prévention du crime Ottawa fait connaître les méthodes éprouvées, "
                "soutient le perfectionnement du personnel et investit dans la recherche et "
                "l'évaluation."
            ),
            "body_en": (
                "Ottawa's young people deserve to grow up safe. With the leaders of youth "
                "initiatives, researchers and the organisations that work with young people, "
                "Crime Prevention Ottawa promotes proven methods, supports staff development "
                "and invests in research and evaluation."
            ),
            "strategies": [
                (
                    Pillar.PARTNERSHIPS,
                    "Continuer de lutter collectivement contre la violence dans les rues.",
                    "Continue to fight street violence collectively.",
                ),
                (
                    Pillar.PARTNERSHIPS,
                    "Établir des liens avec les responsables des initiatives jeunesse et les "
                    "chercheurs pour promouvoir des méthodes éprouvées, partager des "
                    "connaissances et collaborer.",
                    "Build connections with the leaders of youth initiatives and with "
                    "researchers to promote proven methods, share knowledge and collaborate.",
                ),
                (
                    Pillar.CAPACITY,
                    "Mettre l'accent sur le perfectionnement du personnel et la communication "
                    "avec le public pendant et après la pandémie de COVID-19.",
                    "Focus on staff development and on communication with the public during "
                    "and after the COVID-19 pandemic.",
                ),
                (
                    Pillar.CAPACITY,
                    "Créer des mesures de soutien adaptées pour favoriser un développement sain "
                    "des jeunes.",
                    "Create tailored supports to foster healthy youth development.",
                ),
                (
                    Pillar.RESEARCH,
                    "Étudier les nouveaux enjeux et investir dans la recherche et dans les "
                    "organismes travaillant auprès des jeunes afin de les aider à évaluer leur "
                    "travail auprès de ces derniers.",
                    "Study emerging issues and invest in research and in organisations working "
                    "with youth, to help them evaluate their work with young people.",
                ),
            ],
        },
        {
            "slug_fr": "quartiers",
            "slug_en": NEIGHBOURHOODS,
            "title_fr": "Les quartiers",
            "title_en": "Neighbourhoods",
            "colour": "#2e5e1e",
            "summary_fr": (
                "Des solutions axées sur les quartiers, la mobilisation de communautés "
                "d'identités et d'origines diversifiées, et des interventions à l'échelle de la "
                "ville après des événements traumatisants."
            ),
            "summary_en": (
                "Neighbourhood-based solutions, mobilising communities of diverse identities "
                "and backgrounds, and city-wide responses to traumatic events."
            ),
            "body_fr": (
                "La sécurité se construit quartier par quartier. Prévention du crime Ottawa "
                "soutient les résidents et les groupes communautaires par des initiatives "
                "axées sur la sécurité, conçoit des interventions pour traiter les événements "
                "traumatisants, les prises de possession de domicile et l'isolement, et fait "
                "connaître les approches de prévention adaptées aux quartiers."
            ),
            "body_en": (
                "Safety is built neighbourhood by neighbourhood. Crime Prevention Ottawa "
                "supports residents and community groups through safety-focused initiatives, "
                "designs responses to traumatic events, home takeovers and isolation, and shares "
                "crime prevention approaches suited to neighbourhoods."
            ),
            "strategies": [
                (
                    Pillar.PARTNERSHIPS,
                    "Continuer de mettre l'accent sur les solutions axées sur les quartiers et "
                    "d'explorer les possibilités de mobilisation des communautés d'identités et "
                    "d'origines diversifiées.",
                    "Continue to focus on neighbourhood-based solutions and to explore "
                    "opportunities to mobilise communities of diverse identities and origins.",
                ),
                (
                    Pillar.CAPACITY,
                    "Continuer de concevoir des interventions à l'échelle de la ville pour "
                    "traiter les enjeux comme les événements traumatisants, les prises de "
                    "possession de domicile et l'isolement en édifiant des communautés pendant "
                    "et après la pandémie.",
                    "Continue to design city-wide interventions to address issues such as "
                    "traumatic events, home takeovers and isolation by building communities "
                    "during and after the pandemic.",
                ),
                (
                    Pillar.CAPACITY,
                    "Soutenir les communautés et les groupes grâce à des initiatives axées sur "
                    "la sécurité.",
                    "Support communities and groups through safety-focused initiatives.",
                ),
                (
                    Pillar.RESEARCH,
                    "Poursuivre les recherches sur les approches de prévention du crime "
                    "adaptées aux quartiers et faire part des idées novatrices.",
                    "Pursue research on crime prevention approaches suited to neighbourhoods "
                    "and share innovative ideas.",
                ),
            ],
        },
        {
            "slug_fr": "adultes-vulnerables",
            "slug_en": VULNERABLE_ADULTS,
            "title_fr": "Les adultes vulnérables",
            "title_en": "Vulnerable adults",
            "colour": "#5b3a8c",
            "summary_fr": (
                "Travailler avec les organismes communautaires, les organisations d'aînés, le "
                "secteur du logement et la communauté des personnes handicapées pour prévenir "
                "la violence et la fraude."
            ),
            "summary_en": (
                "Working with community organisations, seniors' organisations, the housing "
                "sector and the disability community to prevent violence and fraud."
            ),
            "body_fr": (
                "Les aînés, les personnes handicapées et les adultes isolés sont plus exposés à "
                "la violence, à l'exploitation et à la fraude. Prévention du crime Ottawa "
                "réunit les partenaires de ces secteurs pour résoudre les problèmes qui "
                "touchent les adultes vulnérables, promouvoir une culture de prévention et "
                "sensibiliser le public."
            ),
            "body_en": (
                "Older adults, people with disabilities and isolated adults are more exposed to "
                "violence, exploitation and fraud. Crime Prevention Ottawa brings partners from "
                "these sectors together to solve problems affecting vulnerable adults, promote "
                "a culture of prevention and raise public awareness."
            ),
            "strategies": [
                (
                    Pillar.PARTNERSHIPS,
                    "Travailler avec les organismes communautaires, la communauté des personnes "
                    "handicapées, les organisations d'aînés, le secteur du logement et d'autres "
                    "partenaires pour résoudre les problèmes touchant les adultes vulnérables.",
                    "Work with community organisations, the disability community, seniors' "
                    "organisations, the housing sector and other partners to solve problems "
                    "affecting vulnerable adults.",
                ),
                (
                    Pillar.CAPACITY,
                    "Promouvoir une culture de prévention contre la violence et la fraude.",
                    "Promote a culture of prevention against violence and fraud.",
                ),
                (
                    Pillar.CAPACITY,
                    "Explorer des moyens de rendre les services accessibles aux clients dans le "
                    "contexte de la pandémie de COVID-19.",
                    "Explore ways to make services accessible to clients in the context of the "
                    "COVID-19 pandemic.",
                ),
                (
                    Pillar.RESEARCH,
                    "Sensibiliser le public et améliorer la participation active en travaillant "
                    "de concert avec nos partenaires.",
                    "Raise public awareness and improve active participation by working "
                    "together with our partners.",
                ),
            ],
        },
    ],
    "themes": [
        {
            "title_fr": "Combattre le racisme de façon inclusive",
            "title_en": "Inclusive anti-racism",
            "body_fr": (
                "Dans tous les aspects de notre travail, la lutte contre le racisme est axée sur "
                "la lutte contre le racisme anti-noirs et anti-autochtones et contre la "
                "discrimination fondée sur la religion."
            ),
            "body_en": (
                "In every aspect of our work, anti-racism focuses on combating anti-Black and "
                "anti-Indigenous racism and discrimination based on religion."
            ),
        },
        {
            "title_fr": "Accroître l'attention portée à la santé mentale",
            "title_en": "Increased focus on mental health",
            "body_fr": (
                "Une priorité commune à tout le plan : tenir compte de la santé mentale des "
                "résidents, des personnes touchées par la violence et des intervenants dans "
                "chacune des quatre priorités, et tisser des liens avec les services de santé "
                "mentale."
            ),
            "body_en": (
                "A priority shared across the whole plan: taking into account the mental health "
                "of residents, of people affected by violence and of front-line workers in each "
                "of the four priorities, and building links with mental health services."
            ),
        },
    ],
    "outcomes": [
        (
            "Meilleure connaissance et compréhension des causes profondes qui nuisent à la "
            "sécurité des communautés.",
            "Better knowledge and understanding of the root causes that undermine community "
            "safety.",
        ),
        (
            "Amélioration des partenariats stratégiques et des connaissances, de la recherche et "
            "du partage de l'information.",
            "Improved strategic partnerships, knowledge, research and information sharing.",
        ),
        (
            "Développement des compétences et renforcement des capacités entre les organismes "
            "partenaires et les groupes communautaires.",
            "Skills development and capacity building among partner organisations and community "
            "groups.",
        ),
        (
            "Renforcement de la capacité de prévention du crime à l'échelle de la ville et "
            "augmentation du bien-être communautaire.",
            "Stronger city-wide crime prevention capacity and increased community well-being.",
        ),
    ],
}

THEME_ANTI_RACISM = 1
THEME_MENTAL_HEALTH = 2

# --- Plan 2: Ottawa Police Service, Strategic Direction 2027 (seed 001) ----------------------

OPS_PLAN = {
    "slug_fr": "direction-strategique-2027",
    "slug_en": "strategic-direction-2027",
    "title_fr": "Direction stratégique 2027",
    "title_en": "Strategic Direction 2027",
    "owner": OPS,
    "start": datetime.date(2024, 1, 1),
    "end": datetime.date(2027, 12, 31),
    "is_featured": False,
    "vision_fr": (
        "Un partenaire de confiance pour faire d'Ottawa une ville inclusive, équitable et "
        "sécuritaire."
    ),
    "vision_en": "A trusted partner in making Ottawa an inclusive, equitable and safe city.",
    # The seed gives no mission or methods for this plan: left empty in both languages.
    "mission_fr": "",
    "mission_en": "",
    "methods_fr": "",
    "methods_en": "",
    "summary_fr": (
        "La Direction stratégique 2027 du Service de police d'Ottawa fixe quatre directions et "
        "leurs engagements. Elle figure sur le portail aux côtés du plan de Prévention du crime "
        "Ottawa : plusieurs partenaires y tiennent leurs plans, et le travail de la police s'y "
        "relie au Plan de sécurité et de bien-être dans les collectivités de la Ville."
    ),
    "summary_en": (
        "The Ottawa Police Service's Strategic Direction 2027 sets four directions and their "
        "commitments. It sits on the portal beside Crime Prevention Ottawa's plan: several "
        "partners keep their plans here, and police work connects to the City's Community "
        "Safety and Well-Being Plan."
    ),
    "areas": [
        {
            "slug_fr": "ameliorer-la-securite-communautaire",
            "slug_en": "improve-community-safety",
            "title_fr": "Améliorer la sécurité communautaire",
            "title_en": "Improve community safety",
            "colour": "#003f5c",
            "summary_fr": (
                "Une police communautaire plus réactive, des réponses différentes avec les "
                "partenaires et une utilisation modernisée de la technologie et des données."
            ),
            "summary_en": (
                "More responsive community policing, different responses with partners, and a "
                "modernised use of technology and data."
            ),
            "body_fr": (
                "Cette direction vise à adapter les services de police aux besoins propres à "
                "chaque communauté et à chaque secteur de la ville, et à s'attaquer avec les "
                "partenaires aux causes profondes de la criminalité et du désordre."
            ),
            "body_en": (
                "This direction aims to fit policing to the needs of each community and each "
                "part of the city, and to tackle the root causes of crime and disorder with "
                "partners."
            ),
            "strategies": [
                (
                    "",
                    "Créer un modèle de services de police communautaire qui est (plus) réactif "
                    "aux besoins communautaires et géographiques uniques.",
                    "Create a community policing model that is (more) responsive to unique "
                    "community and geographic needs.",
                ),
                (
                    "",
                    "Travailler avec les partenaires pour fournir des réponses différentes en "
                    "s'attaquant aux causes profondes de la criminalité et du désordre, en "
                    "harmonie avec le Plan de sécurité et de bien-être dans les collectivités "
                    "de la Ville.",
                    "Work with partners to provide different responses by addressing the root "
                    "causes of crime and disorder, in alignment with the City's Community "
                    "Safety and Well-Being Plan.",
                ),
                (
                    "",
                    "Moderniser l'utilisation de la technologie et des données pour améliorer "
                    "la sécurité communautaire, les opérations et l'équité.",
                    "Modernise the use of technology and data to improve community safety, "
                    "operations and equity.",
                ),
            ],
        },
        {
            "slug_fr": "batir-la-confiance-par-des-partenariats",
            "slug_en": "build-trust-through-partnerships",
            "title_fr": "Bâtir de la confiance à travers de solides partenariats",
            "title_en": "Build trust through strong partnerships",
            "colour": "#7a2e0e",
            "summary_fr": (
                "Travailler avec les partenaires communautaires, agir en fonction des "
                "commentaires recueillis et communiquer plus ouvertement."
            ),
            "summary_en": (
                "Working with community partners, acting on the feedback gathered and "
                "communicating more openly."
            ),
            "body_fr": (
                "La confiance se gagne avec les partenaires et la communauté : soutenir une "
                "prestation de services efficace, s'appuyer sur des solutions éprouvées et "
                "rendre compte du personnel, des activités et des processus."
            ),
            "body_en": (
                "Trust is earned with partners and the community: supporting effective service "
                "delivery, building on proven solutions and being open about people, activities "
                "and processes."
            ),
            "strategies": [
                (
                    "",
                    "Travailler avec les partenaires communautaires pour soutenir une prestation "
                    "de services efficace et favoriser de meilleurs résultats.",
                    "Work with community partners to support effective service delivery and "
                    "foster better outcomes.",
                ),
                (
                    "",
                    "S'engager auprès de la communauté et agir en fonction des commentaires "
                    "recueillis, des solutions éprouvées et des pratiques exemplaires.",
                    "Engage with the community and act on the feedback gathered, proven "
                    "solutions and best practices.",
                ),
                (
                    "",
                    "Renforcer la communication et l'ouverture au sujet de notre personnel, nos "
                    "activités et nos processus.",
                    "Strengthen communication and openness about our people, our activities "
                    "and our processes.",
                ),
            ],
        },
        {
            "slug_fr": "equite-diversite-et-inclusion",
            "slug_en": "equity-diversity-and-inclusion",
            "title_fr": (
                "Équité, diversité et inclusion - Renforcer notre engagement envers les droits "
                "de la personne"
            ),
            "title_en": (
                "Equity, diversity and inclusion - Strengthen our commitment to human rights"
            ),
            "colour": "#2f4858",
            "summary_fr": (
                "Des services culturellement adaptés, la confiance de toutes les communautés et "
                "des effectifs diversifiés et inclusifs."
            ),
            "summary_en": (
                "Culturally appropriate services, the trust of every community, and a diverse "
                "and inclusive workforce."
            ),
            "body_fr": (
                "Cette direction engage le Service à trouver, avec les communautés autochtones, "
                "2SLGBTQIA+, noires, religieuses et les autres communautés racialisées et "
                "marginalisées, des solutions créées conjointement, et à faire évoluer sa "
                "culture interne."
            ),
            "body_en": (
                "This direction commits the Service to finding co-created solutions with "
                "Indigenous, 2SLGBTQIA+, Black, religious and other racialized and marginalized "
                "communities, and to evolving its internal culture."
            ),
            "strategies": [
                (
                    "",
                    "Offrir des services culturellement adaptés qui répondent aux diverses "
                    "préoccupations des membres et de la communauté.",
                    "Offer culturally appropriate services that respond to the diverse concerns "
                    "of members and the community.",
                ),
                (
                    "",
                    "Renforcer la confiance de toutes les communautés et plus particulièrement "
                    "les communautés autochtones, 2SLGBTQIA+, noires, religieuses et les autres "
                    "communautés racialisées et marginalisées en s'engageant à trouver des "
                    "solutions créées conjointement.",
                    "Strengthen the trust of all communities, particularly Indigenous, "
                    "2SLGBTQIA+, Black, religious and other racialized and marginalized "
                    "communities, by committing to finding co-created solutions.",
                ),
                (
                    "",
                    "Appuyer la diversité et l'inclusion au sein des effectifs en respectant les "
                    "expériences et les compétences individuelles de chaque employé et offrir "
                    "un accès équitable aux possibilités.",
                    "Support diversity and inclusion in the workforce by respecting the "
                    "individual experiences and skills of each employee, and offer equitable "
                    "access to opportunities.",
                ),
                (
                    "",
                    "Continuer à faire évoluer notre culture grâce à des pratiques exemplaires, "
                    "des indicateurs et des processus internes inclusifs.",
                    "Continue to evolve our culture through best practices, indicators and "
                    "inclusive internal processes.",
                ),
            ],
        },
        {
            "slug_fr": "membres-resilients-et-epanouis",
            "slug_en": "resilient-and-thriving-members",
            "title_fr": "Favoriser et soutenir des membres résilients et épanouis",
            "title_en": "Foster and support resilient and thriving members",
            "colour": "#5c2a5e",
            "summary_fr": (
                "Des effectifs stables, le bien-être des membres et un lieu de travail où le "
                "moral est bon."
            ),
            "summary_en": (
                "A stable workforce, the well-being of members and a workplace where morale is "
                "good."
            ),
            "body_fr": (
                "Des services de police de qualité reposent sur des membres en santé, soutenus "
                "et valorisés : cette direction investit dans les effectifs et dans leur "
                "bien-être."
            ),
            "body_en": (
                "Good policing relies on members who are healthy, supported and valued: this "
                "direction invests in staffing and in members' well-being."
            ),
            "strategies": [
                (
                    "",
                    "Stabiliser les effectifs en fournissant le personnel adéquat.",
                    "Stabilise the workforce by providing adequate staffing.",
                ),
                (
                    "",
                    "Investir dans le bien-être des membres du SPO.",
                    "Invest in the well-being of OPS members.",
                ),
                (
                    "",
                    "Cultiver un lieu de travail où les membres se sentent valorisés et où le "
                    "moral est bon.",
                    "Cultivate a workplace where members feel valued and morale is good.",
                ),
            ],
        },
    ],
    "themes": [],
    "outcomes": [],
}

PLANS = [CPO_PLAN, OPS_PLAN]

# --- Reporting periods ----------------------------------------------------------------------

# Periods are due 30 days after their end. Which are locked depends on the day the demo is
# loaded (``loader.live_calendar``): every period before the last one that is due, so the
# 2021-2022 plan's are closed, and the current plan's last due quarter is still open.
PERIOD_DUE_DAYS = 30

# --- Indicators -----------------------------------------------------------------------------

# Where derived values come from (the measurement plan's data source).
ACTIVITY_LOG = {"data_source_fr": "Registre des activités du portail",
                "data_source_en": "Portal activity log"}


def youth_reached(target: int, target_date: datetime.date | None = None) -> dict:
    return {
        "name_fr": "Jeunes joints",
        "name_en": "Youth reached",
        "definition_fr": (
            "Somme des participants aux activités destinées aux jeunes, calculée à partir des "
            "activités consignées."
        ),
        "definition_en": (
            "Sum of participants in activities for youth, computed from logged activities."
        ),
        "unit": Unit.COUNT,
        "question": Question.HOW_MUCH,
        "source": Source.DERIVED,
        **ACTIVITY_LOG,
        "derivation": Derivation.YOUTH_REACHED,
        "aggregation": Aggregation.SUM,
        "target": target,
        "target_date": target_date or datetime.date(2022, 12, 31),
    }


def share_french(target: int | None) -> dict:
    return {
        "name_fr": "Part des activités tenues en français",
        "name_en": "Share of activities held in French",
        "definition_fr": (
            "Nombre d'activités offertes en français divisé par le nombre total d'activités de "
            "la période."
        ),
        "definition_en": (
            "Number of activities delivered in French divided by the total number of "
            "activities in the period."
        ),
        "unit": Unit.PERCENT,
        "question": Question.HOW_WELL,
        "source": Source.DERIVED,
        **ACTIVITY_LOG,
        "derivation": Derivation.SHARE_FRENCH,
        "aggregation": Aggregation.SUM,
        "target": target,
        "target_date": datetime.date(2022, 12, 31) if target else None,
    }


def participants(target: int) -> dict:
    return {
        "name_fr": "Participants",
        "name_en": "Participants",
        "definition_fr": "Somme des participants à toutes les activités consignées.",
        "definition_en": "Sum of participants in all logged activities.",
        "unit": Unit.COUNT,
        "question": Question.HOW_MUCH,
        "source": Source.DERIVED,
        **ACTIVITY_LOG,
        "derivation": Derivation.PARTICIPANTS,
        "aggregation": Aggregation.SUM,
        "target": target,
        "target_date": datetime.date(2022, 12, 31),
    }


def sessions(target: int) -> dict:
    return {
        "name_fr": "Activités tenues",
        "name_en": "Activities held",
        "definition_fr": "Nombre d'activités consignées (ateliers, séances, formations...).",
        "definition_en": "Number of logged activities (workshops, sessions, trainings...).",
        "unit": Unit.COUNT,
        "question": Question.HOW_MUCH,
        "source": Source.DERIVED,
        **ACTIVITY_LOG,
        "derivation": Derivation.SESSIONS,
        "aggregation": Aggregation.SUM,
        "target": target,
        "target_date": datetime.date(2022, 12, 31),
    }


def people_trained(target: int, name: tuple[str, str] | None = None) -> dict:
    name_fr, name_en = name or ("Personnes formées", "People trained")
    return {
        "name_fr": name_fr,
        "name_en": name_en,
        "definition_fr": "Somme des participants aux activités de formation.",
        "definition_en": "Sum of participants in training activities.",
        "unit": Unit.COUNT,
        "question": Question.HOW_MUCH,
        "source": Source.DERIVED,
        **ACTIVITY_LOG,
        "derivation": Derivation.PEOPLE_TRAINED,
        "aggregation": Aggregation.SUM,
        "target": target,
        "target_date": datetime.date(2022, 12, 31),
    }


def entered(
    name: tuple[str, str],
    definition: tuple[str, str],
    *,
    unit: str,
    values: list,
    data_source: tuple[str, str],
    target: float | None = None,
    baseline: float | None = None,
    baseline_date: datetime.date | None = None,
    aggregation: str | None = None,
    question: str = Question.BETTER_OFF,
    direction: str = Direction.UP,
) -> dict:
    """An indicator entered by partners; ``values`` are per quarter from 2021-Q1.

    ``data_source`` (French, English) says where the partner takes the figure from; a
    ``baseline`` comes with the date it was measured.
    """
    assert (baseline is None) == (baseline_date is None), "a baseline needs its date"
    return {
        "name_fr": name[0],
        "name_en": name[1],
        "definition_fr": definition[0],
        "definition_en": definition[1],
        "unit": unit,
        "question": question,
        "source": Source.ENTERED,
        "derivation": "",
        "aggregation": aggregation
        or (Aggregation.LATEST if unit == Unit.PERCENT else Aggregation.SUM),
        "target": target,
        "target_date": datetime.date(2022, 12, 31) if target is not None else None,
        "baseline": baseline,
        "baseline_date": baseline_date,
        "data_source_fr": data_source[0],
        "data_source_en": data_source[1],
        "direction": direction,
        "values": values,
    }


# --- The imPACT initiative (seed 003) -------------------------------------------------------

IMPACT = {
    "slug_fr": "projet-impact",
    "slug_en": "impact-project",
    "title_fr": (
        "Le projet imPACT – Empêcher et réduire la traite des femmes et des filles au moyen de "
        "la planification communautaire"
    ),
    "title_en": (
        "The imPACT project – Preventing and reducing the trafficking of women and girls "
        "through community planning"
    ),
    "summary_fr": (
        "Le projet imPACT fait partie de l'initiative de prévention de la traite des personnes "
        "de l'organisme PACT-Ottawa. Ce projet vise à empêcher et réduire la traite des femmes "
        "et des filles à Ottawa au moyen de la planification communautaire."
    ),
    "summary_en": (
        "The imPACT project is part of PACT-Ottawa's human trafficking prevention initiative. "
        "It aims to prevent and reduce the trafficking of women and girls in Ottawa through "
        "community planning."
    ),
    "description_fr": (
        "En collaboration étroite avec Prévention du crime Ottawa, le Service de police "
        "d'Ottawa et le centre pour femmes St. Joe (St. Joe's Women's Centre), et avec l'aide "
        "d'autres partenaires communautaires provenant de divers secteurs, PACT-Ottawa a établi "
        "un plan communautaire pour s'attaquer au problème de la traite des personnes aux fins "
        "d'exploitation sexuelle, y compris à ses causes profondes.\n\n"
        "À partir des conclusions du Rapport de diagnostic local de sécurité, PACT-Ottawa a "
        "conçu un plan d'action communautaire comprenant quatre mesures principales :\n\n"
        "1. Des partenariats avec toutes les parties intéressées, y compris des personnes ayant "
        "survécu à la traite des personnes.\n"
        "2. La sensibilisation du public dans les refuges, les foyers de groupe, les "
        "organisations de jeunes et les écoles secondaires.\n"
        "3. Un atelier pour les jeunes, présenté par des animateurs et animatrices ayant reçu "
        "toute la formation requise.\n"
        "4. Des tribunes d'information et des discussions en français, et une formation des "
        "animateurs en français prévue à l'automne 2015.\n\n"
        "Ce projet a été financé par Condition féminine Canada et par Sécurité publique Canada."
    ),
    "description_en": (
        "Working closely with Crime Prevention Ottawa, the Ottawa Police Service and St. Joe's "
        "Women's Centre, and with the help of other community partners from various sectors, "
        "PACT-Ottawa built a community plan to tackle human trafficking for sexual "
        "exploitation, including its root causes.\n\n"
        "Based on the findings of the Local Safety Diagnostic Report, PACT-Ottawa designed a "
        "community action plan with four main measures:\n\n"
        "1. Partnerships with all stakeholders, including survivors of human trafficking.\n"
        "2. Public awareness in shelters, group homes, youth organisations and high schools.\n"
        "3. A youth workshop, delivered by facilitators who have received all the required "
        "training.\n"
        "4. Information sessions and discussions in French, with facilitator training in "
        "French planned for the fall of 2015.\n\n"
        "The project was funded by Status of Women Canada and Public Safety Canada."
    ),
    "lead": PACT,
    "collaborators": [CPO, OPS, STJOES],
    "funders": [SWC, PSC],
    "areas": [GBV],
    # "Étudier les nouveaux enjeux comme [...] la traite de personnes."
    "strategies": [(GBV, 4)],
    "themes": [],
    "zone": Zone.PREVENTION,
    "start": datetime.date(2013, 10, 1),
    "end": datetime.date(2015, 9, 30),
    "status": Status.COMPLETED,
    "is_public": True,
    "indicators": [
        {
            "name_fr": "Jeunes joints",
            "name_en": "Youth reached",
            "definition_fr": (
                "Somme des participants aux tribunes d'information et aux ateliers destinés aux "
                "jeunes. Objectif : environ 1 000 jeunes d'ici la fin du projet."
            ),
            "definition_en": (
                "Sum of participants in information sessions and workshops for youth. Target: "
                "about 1,000 youth by the end of the project."
            ),
            "unit": Unit.COUNT,
            "question": Question.HOW_MUCH,
            "source": Source.DERIVED,
            **ACTIVITY_LOG,
            "derivation": Derivation.YOUTH_REACHED,
            "aggregation": Aggregation.SUM,
            "target": 1000,
            "target_date": datetime.date(2015, 9, 30),
        },
        {
            "name_fr": "Part des tribunes d'information et discussions tenues en français",
            "name_en": "Share of information sessions and discussions held in French",
            "definition_fr": (
                "Nombre d'activités tenues en français divisé par le nombre total d'activités "
                "(tribunes, discussions, ateliers et formations)."
            ),
            "definition_en": (
                "Number of activities held in French divided by the total number of activities "
                "(information sessions, discussions, workshops and trainings)."
            ),
            "unit": Unit.PERCENT,
            "question": Question.HOW_WELL,
            "source": Source.DERIVED,
            **ACTIVITY_LOG,
            "derivation": Derivation.SHARE_FRENCH,
            "aggregation": Aggregation.SUM,
            "target": None,
            "target_date": None,
        },
        {
            "name_fr": "Animateurs formés",
            "name_en": "Trained facilitators",
            "definition_fr": (
                "Animateurs et animatrices ayant reçu toute la formation requise pour présenter "
                "l'atelier pour les jeunes (en anglais ; la formation en français est prévue "
                "à l'automne 2015)."
            ),
            "definition_en": (
                "Facilitators who have received all the training required to deliver the youth "
                "workshop (in English; training in French is planned for the fall of 2015)."
            ),
            "unit": Unit.COUNT,
            "question": Question.HOW_MUCH,
            "source": Source.DERIVED,
            **ACTIVITY_LOG,
            "derivation": Derivation.PEOPLE_TRAINED,
            "aggregation": Aggregation.SUM,
            "target": 10,
            "target_date": datetime.date(2015, 9, 30),
        },
        {
            "name_fr": "Groupes d'âge à risque joints",
            "name_en": "At-risk age groups reached",
            "definition_fr": (
                "Part des groupes d'âge considérés « à risque » que la campagne d'information a "
                "permis de joindre."
            ),
            "definition_en": (
                "Share of the age groups considered 'at risk' that the information campaign "
                "reached."
            ),
            "unit": Unit.PERCENT,
            "question": Question.BETTER_OFF,
            "source": Source.ENTERED,
            "data_source_fr": "Dossiers de la campagne d'information de PACT-Ottawa",
            "data_source_en": "PACT-Ottawa information campaign records",
            "derivation": "",
            "aggregation": Aggregation.LATEST,
            "target": 100,
            "target_date": datetime.date(2015, 9, 30),
        },
    ],
}

# The value of the entered indicator ("At-risk age groups reached") in each imPACT update.
IMPACT_ENTERED_VALUE = 100

# (date, kind, language, title, participants, neighbourhood, notes).
# Across 2014-Q3..2015-Q1: 37 activities, 10 in French (27.03%), two trainings in English
# with 10 participants in all, 755 youth. Each quarter has at least 5 activities and either
# no French activity or at least 5, so no quarterly share is withheld.
_HS_EN = "Youth workshop at a high school"
_INFO_GH_EN = "Information session at a group home"
_INFO_SHELTER_EN = "Information session at a youth shelter"
_INFO_ORG_EN = "Information session for a youth organisation"
_TRIBUNE_HS_FR = "Tribune d'information dans une école secondaire"
_DISC_FR = "Discussion avec un groupe de jeunes francophones"
IMPACT_ACTIVITIES = [
    # 2014-Q3: 10 activities, none in French yet.
    (datetime.date(2014, 7, 9), A.TRAINING, Lang.ENGLISH,
     "Facilitator training: imPACT youth workshop (cohort 1)", 5, "Centretown",
     "Two-day training. Counts only; no personal information recorded."),
    (datetime.date(2014, 7, 16), A.INFO_SESSION, Lang.ENGLISH,
     "Information session at a youth drop-in centre", 18, "Centretown", ""),
    (datetime.date(2014, 7, 23), A.INFO_SESSION, Lang.ENGLISH, _INFO_GH_EN, 7, "Carlington",
     "Held with the home's youth workers present."),
    (datetime.date(2014, 7, 30), A.WORKSHOP, Lang.ENGLISH,
     "Youth workshop: recognising recruitment and luring", 16, "Overbrook", ""),
    (datetime.date(2014, 8, 6), A.INFO_SESSION, Lang.ENGLISH, _INFO_SHELTER_EN, 12,
     "Lowertown", ""),
    (datetime.date(2014, 8, 13), A.WORKSHOP, Lang.ENGLISH, "Youth workshop at a summer day camp",
     24, "Bayshore", "Outdoor session."),
    (datetime.date(2014, 8, 20), A.INFO_SESSION, Lang.ENGLISH, _INFO_ORG_EN, 15, "Britannia", ""),
    (datetime.date(2014, 9, 10), A.WORKSHOP, Lang.ENGLISH,
     "Youth workshop: healthy relationships and online safety", 22, "Kanata", ""),
    (datetime.date(2014, 9, 17), A.INFO_SESSION, Lang.ENGLISH,
     "Information session at a high school assembly", 58, "Orléans",
     "Assembly for grades 9 and 10."),
    (datetime.date(2014, 9, 24), A.WORKSHOP, Lang.ENGLISH, _HS_EN, 27, "Heatherington", ""),
    # 2014-Q4: 13 activities, 5 in French.
    (datetime.date(2014, 10, 1), A.TRAINING, Lang.ENGLISH,
     "Facilitator training: imPACT youth workshop (cohort 2)", 5, "Centretown",
     "Two-day training. Counts only; no personal information recorded."),
    (datetime.date(2014, 10, 8), A.INFO_SESSION, Lang.FRENCH, _TRIBUNE_HS_FR, 45, "Vanier",
     "Première tribune en français."),
    (datetime.date(2014, 10, 15), A.WORKSHOP, Lang.ENGLISH, _HS_EN, 26, "Centretown", ""),
    (datetime.date(2014, 10, 22), A.INFO_SESSION, Lang.FRENCH, _DISC_FR, 14, "Orléans", ""),
    (datetime.date(2014, 10, 29), A.WORKSHOP, Lang.ENGLISH, _HS_EN, 24, "Britannia", ""),
    (datetime.date(2014, 11, 5), A.INFO_SESSION, Lang.ENGLISH, _INFO_GH_EN, 6, "Overbrook", ""),
    (datetime.date(2014, 11, 12), A.INFO_SESSION, Lang.FRENCH,
     "Tribune d'information dans un foyer de groupe", 8, "Vanier", ""),
    (datetime.date(2014, 11, 19), A.WORKSHOP, Lang.ENGLISH,
     "Youth workshop: online luring and social media", 21, "Kanata", ""),
    (datetime.date(2014, 11, 20), A.WORKSHOP, Lang.ENGLISH, _HS_EN, 25, "Carlington", ""),
    (datetime.date(2014, 11, 26), A.INFO_SESSION, Lang.FRENCH,
     "Tribune d'information dans une école secondaire catholique", 38, "Lowertown", ""),
    (datetime.date(2014, 12, 3), A.WORKSHOP, Lang.ENGLISH,
     "Youth workshop at a youth organisation", 17, "Bayshore", ""),
    (datetime.date(2014, 12, 10), A.INFO_SESSION, Lang.ENGLISH, _INFO_SHELTER_EN, 9,
     "Centretown", ""),
    (datetime.date(2014, 12, 17), A.INFO_SESSION, Lang.FRENCH,
     "Discussion dans un centre de jeunes", 16, "Vanier", ""),
    # 2015-Q1: 14 activities, 5 in French; the last before the update of 25 March 2015.
    (datetime.date(2015, 1, 14), A.WORKSHOP, Lang.ENGLISH, _HS_EN, 28, "Kanata", ""),
    (datetime.date(2015, 1, 21), A.INFO_SESSION, Lang.FRENCH, _TRIBUNE_HS_FR, 52, "Orléans", ""),
    (datetime.date(2015, 1, 28), A.INFO_SESSION, Lang.ENGLISH, _INFO_GH_EN, 5, "Heatherington",
     ""),
    (datetime.date(2015, 2, 4), A.WORKSHOP, Lang.ENGLISH, _HS_EN, 23, "Bayshore", ""),
    (datetime.date(2015, 2, 11), A.INFO_SESSION, Lang.FRENCH,
     "Discussion avec des jeunes d'un refuge", 11, "Lowertown", ""),
    (datetime.date(2015, 2, 18), A.INFO_SESSION, Lang.ENGLISH, _INFO_ORG_EN, 19, "Overbrook", ""),
    (datetime.date(2015, 2, 25), A.WORKSHOP, Lang.ENGLISH,
     "Youth workshop: healthy relationships and online safety", 22, "Centretown", ""),
    (datetime.date(2015, 3, 4), A.INFO_SESSION, Lang.FRENCH,
     "Tribune d'information dans un centre de jeunes", 17, "Vanier", ""),
    (datetime.date(2015, 3, 6), A.WORKSHOP, Lang.ENGLISH, _HS_EN, 26, "Britannia", ""),
    (datetime.date(2015, 3, 10), A.INFO_SESSION, Lang.ENGLISH, _INFO_SHELTER_EN, 8,
     "Centretown", ""),
    (datetime.date(2015, 3, 12), A.INFO_SESSION, Lang.FRENCH, _TRIBUNE_HS_FR, 41, "Orléans", ""),
    (datetime.date(2015, 3, 16), A.WORKSHOP, Lang.ENGLISH,
     "Youth workshop at a youth organisation", 18, "Carlington", ""),
    (datetime.date(2015, 3, 18), A.INFO_SESSION, Lang.FRENCH, _DISC_FR, 13, "Vanier", ""),
    (datetime.date(2015, 3, 20), A.WORKSHOP, Lang.ENGLISH, _HS_EN, 24, "Kanata", ""),
]

# One approved update per quarter; the last reviewed on 25 March 2015, the date the project's
# page gives as "Dernière mise à jour".
IMPACT_UPDATES = [
    {
        "period": "2014-Q3",
        "done_fr": (
            "Formation d'une première cohorte d'animateurs et animatrices de l'atelier pour les "
            "jeunes. Tribunes d'information dans des refuges, des foyers de groupe et des "
            "organisations de jeunes pendant l'été, puis premiers ateliers dans des écoles "
            "secondaires à la rentrée."
        ),
        "done_en": (
            "Trained a first cohort of youth workshop facilitators. Information sessions in "
            "shelters, group homes and youth organisations over the summer, then the first "
            "workshops in high schools when school resumed."
        ),
        "next_steps_fr": (
            "Former une deuxième cohorte d'animateurs et commencer les tribunes d'information "
            "en français."
        ),
        "next_steps_en": (
            "Train a second cohort of facilitators and start information sessions in French."
        ),
        "challenges_fr": (
            "Aucun animateur ne peut encore présenter l'atelier en français ; les activités de "
            "l'été ont rejoint moins de jeunes que prévu."
        ),
        "challenges_en": (
            "No facilitator can deliver the workshop in French yet; summer activities reached "
            "fewer youth than planned."
        ),
        "submitted_at": at(2014, 10, 10, 14, 30),
        "reviewed_at": at(2014, 10, 17, 9, 45),
    },
    {
        "period": "2014-Q4",
        "done_fr": (
            "Deuxième cohorte d'animateurs formée : dix animateurs et animatrices peuvent "
            "maintenant présenter l'atelier en anglais. Premières tribunes d'information et "
            "discussions en français dans des écoles secondaires, un foyer de groupe et un "
            "centre de jeunes."
        ),
        "done_en": (
            "Second cohort of facilitators trained: ten facilitators can now deliver the "
            "workshop in English. First information sessions and discussions in French in high "
            "schools, a group home and a youth centre."
        ),
        "next_steps_fr": (
            "Étendre les ateliers aux écoles secondaires de l'ouest et de l'est de la ville ; "
            "recruter des animateurs francophones."
        ),
        "next_steps_en": (
            "Extend the workshops to high schools in the west and east of the city; recruit "
            "French-speaking facilitators."
        ),
        "challenges_fr": (
            "Les calendriers scolaires laissent peu de place en décembre ; la demande en "
            "français dépasse ce que nous pouvons offrir."
        ),
        "challenges_en": (
            "School calendars leave little room in December; demand in French exceeds what we "
            "can offer."
        ),
        "submitted_at": at(2015, 1, 12, 11, 0),
        "reviewed_at": at(2015, 1, 19, 15, 20),
    },
    {
        "period": "2015-Q1",
        "done_fr": (
            "Ateliers et tribunes d'information dans des écoles secondaires, des refuges et des "
            "organisations de jeunes. La campagne d'information a permis de joindre tous les "
            "groupes d'âge considérés « à risque ». 27 % des tribunes d'information et des "
            "discussions ont été tenues en français depuis le début."
        ),
        "done_en": (
            "Workshops and information sessions in high schools, shelters and youth "
            "organisations. The information campaign has reached every age group considered "
            "'at risk'. Since the start, 27% of information sessions and discussions have been "
            "held in French."
        ),
        "next_steps_fr": (
            "Nous prévoyons avoir joint environ 1 000 jeunes d'ici la fin du projet. La "
            "formation des animateurs en français est prévue cet automne."
        ),
        "next_steps_en": (
            "We expect to have reached about 1,000 youth by the end of the project. Training "
            "for French-speaking facilitators is planned for this fall."
        ),
        "challenges_fr": (
            "Trouver des animateurs et animatrices francophones pour présenter l'atelier pour "
            "les jeunes en français."
        ),
        "challenges_en": (
            "Finding French-speaking facilitators to deliver the youth workshop in French."
        ),
        "submitted_at": at(2015, 3, 23, 16, 10),
        "reviewed_at": at(2015, 3, 25, 10, 30),
    },
]

# --- More initiatives, clearly demo ---------------------------------------------------------

DEMO_FR = "Initiative de démonstration."
DEMO_EN = "Demo initiative."

# The quarters for which demo activities are generated and approved updates written.
DEMO_ACTIVITY_QUARTERS = [
    "2021-Q1", "2021-Q2", "2021-Q3", "2021-Q4", "2022-Q1", "2022-Q2", "2022-Q3", "2022-Q4",
]
DEMO_APPROVED_QUARTERS = DEMO_ACTIVITY_QUARTERS[:-1]
# The plan's last quarter: approved, except where ``workflow`` says the update stayed a
# draft or was returned and never sent again (its period closed: "not reported").
DEMO_WORKFLOW_QUARTER = "2022-Q4"

# Notes in the language of delivery: context only, never names. "" is the commonest note.
# "online" applies to 2021 sessions (not outreach), "weather" to outreach, "interpreted" to
# activities in another language.
NOTES = {
    "fr": {
        "any": ["", "", "", "", "Séance en soirée.",
                "Comptes seulement ; aucun renseignement nominatif consigné.",
                "Matériel distribué en français et en anglais."],
        "online": ["Tenue en ligne en raison des mesures sanitaires."],
        "weather": ["Participation plus faible en raison de la météo."],
        "interpreted": ["Avec interprétation en arabe."],
    },
    "en": {
        "any": ["", "", "", "", "Evening session.",
                "Counts only; no personal information recorded.",
                "Handouts in French and English."],
        "online": ["Held online because of public health measures."],
        "weather": ["Lower turnout because of the weather."],
        "interpreted": ["With interpretation into Arabic."],
    },
}

# A challenge per quarter, shared by the demo updates.
QUARTER_CHALLENGES = {
    "2021-Q1": (
        "Les restrictions sanitaires liées à la COVID-19 ont obligé à tenir plusieurs activités "
        "en ligne.",
        "COVID-19 public health restrictions meant several activities were held online.",
    ),
    "2021-Q2": (
        "La troisième vague de COVID-19 et la fermeture des écoles ont retardé des activités en "
        "personne.",
        "The third wave of COVID-19 and school closures delayed in-person activities.",
    ),
    "2021-Q3": (
        "La participation est plus faible pendant l'été ; des activités ont été déplacées à "
        "l'extérieur.",
        "Attendance is lower in summer; some activities moved outdoors.",
    ),
    "2021-Q4": (
        "Le variant Omicron a entraîné l'annulation de quelques activités en décembre.",
        "The Omicron variant led to a few cancelled activities in December.",
    ),
    "2022-Q1": (
        "Reprise graduelle des activités en personne après la levée des restrictions en mars.",
        "In-person activities resumed gradually after restrictions were lifted in March.",
    ),
    "2022-Q2": (
        "Le recrutement de bénévoles et le roulement du personnel restent des défis.",
        "Recruiting volunteers and staff turnover remain challenges.",
    ),
    "2022-Q3": (
        "Horaire d'été réduit ; la rentrée scolaire a permis de reprendre en septembre.",
        "Reduced summer schedule; activities picked up again when school resumed in September.",
    ),
    "2022-Q4": (
        "Les tempêtes de décembre ont forcé le report de quelques activités en soirée.",
        "December storms forced a few evening activities to be postponed.",
    ),
}

# Each demo initiative. ``activities`` are templates (kind, audience, title fr, title en,
# participants low, participants high); ``languages`` weights the language of delivery;
# ``delivered_by`` weights the delivering organisation; ``workflow`` is the status of the
# 2022-Q4 update (None: approved like the others). Entered indicators carry one value per
# quarter.
DEMO_INITIATIVES = [
    {
        "slug_fr": "relations-saines-au-secondaire",
        "slug_en": "healthy-relationships-in-high-school",
        "title_fr": "Relations saines au secondaire",
        "title_en": "Healthy relationships in high school",
        "summary_fr": (
            f"{DEMO_FR} Ateliers sur les relations saines et le consentement pour les élèves du "
            "secondaire, animés par des intervenantes du Centre pour femmes St. Joe."
        ),
        "summary_en": (
            f"{DEMO_EN} Workshops on healthy relationships and consent for high-school "
            "students, led by counsellors from St. Joe's Women's Centre."
        ),
        "description_fr": (
            "Des intervenantes présentent en classe une série de deux ateliers sur les "
            "relations saines, le consentement et la violence dans les fréquentations, puis "
            "forment le personnel enseignant pour qu'il sache orienter les élèves vers de "
            "l'aide. Les ateliers sont offerts en français et en anglais."
        ),
        "description_en": (
            "Counsellors deliver a two-part classroom series on healthy relationships, consent "
            "and dating violence, then train teaching staff so they know how to refer students "
            "to help. Workshops are offered in French and in English."
        ),
        "lead": STJOES,
        "collaborators": [SCHOOL_BOARD, CPO],
        "funders": [],
        "areas": [GBV, YOUTH],
        "strategies": [(GBV, 2), (YOUTH, 4)],
        "themes": [THEME_MENTAL_HEALTH],
        "zone": Zone.SOCIAL_DEVELOPMENT,
        "start": datetime.date(2021, 1, 11),
        "end": datetime.date(2022, 12, 31),
        "status": Status.COMPLETED,
        "is_public": True,
        "indicators": [
            youth_reached(600),
            share_french(40),
            entered(
                ("Élèves qui peuvent nommer une ressource d'aide après l'atelier",
                 "Students who can name a support resource after the workshop"),
                ("Part des élèves qui, au questionnaire de fin d'atelier, nomment au moins une "
                 "ressource d'aide.",
                 "Share of students who name at least one support resource in the end-of-"
                 "workshop questionnaire."),
                unit=Unit.PERCENT, target=80, baseline=55,
                baseline_date=datetime.date(2020, 12, 11),
                data_source=("Questionnaire de fin d'atelier", "End-of-workshop questionnaire"),
                values=[62, 66, 70, 71, 75, 78, 80],
            ),
        ],
        "activities": [
            (A.WORKSHOP, Aud.YOUTH, "Atelier : relations saines et consentement",
             "Workshop: healthy relationships and consent", 12, 32),
            (A.INFO_SESSION, Aud.YOUTH,
             "Présentation en classe : reconnaître la violence dans les fréquentations",
             "Classroom presentation: recognising dating violence", 15, 35),
            (A.TRAINING, Aud.PROFESSIONALS, "Formation du personnel enseignant",
             "Training for teaching staff", 6, 20),
        ],
        "languages": {Lang.FRENCH: 4, Lang.ENGLISH: 5, Lang.BILINGUAL: 1},
        "neighbourhoods": ["Vanier", "Overbrook", "Centretown", "Orléans", "Kanata", "Bayshore"],
        "delivered_by": {STJOES: 4, SCHOOL_BOARD: 1},
        "focus": (
            "Les ateliers ont porté sur le consentement et la violence dans les fréquentations.",
            "Workshops covered consent and dating violence.",
        ),
        "next": (
            "Poursuivre les ateliers dans les écoles partenaires et former le personnel "
            "enseignant.",
            "Continue the workshops in partner schools and train teaching staff.",
        ),
        "workflow": UpdateStatus.DRAFT,
    },
    {
        "slug_fr": "soutien-a-distance-pour-les-femmes",
        "slug_en": "remote-support-for-women",
        "title_fr": "Soutien à distance pour les femmes",
        "title_en": "Remote support for women",
        "summary_fr": (
            f"{DEMO_FR} Garder les services accessibles aux femmes touchées par la violence "
            "pendant la pandémie : groupes de soutien virtuels, séances d'information et "
            "accompagnement."
        ),
        "summary_en": (
            f"{DEMO_EN} Keeping services accessible to women affected by violence during the "
            "pandemic: virtual support groups, information sessions and accompaniment."
        ),
        "description_fr": (
            "Des groupes de soutien en ligne et au téléphone, des séances d'information sur les "
            "droits et les ressources, et des kiosques dans des banques alimentaires pour "
            "joindre les femmes isolées. Les intervenantes accompagnent au besoin les femmes "
            "vers un refuge."
        ),
        "description_en": (
            "Online and telephone support groups, information sessions on rights and "
            "resources, and information tables at food banks to reach isolated women. "
            "Counsellors accompany women to a shelter when needed."
        ),
        "lead": STJOES,
        "collaborators": [CPO, HEALTH_CENTRE],
        "funders": [MINISTRY],
        "areas": [GBV, VULNERABLE_ADULTS],
        "strategies": [(GBV, 3), (VULNERABLE_ADULTS, 3)],
        "themes": [THEME_MENTAL_HEALTH],
        "zone": Zone.RISK_INTERVENTION,
        "start": datetime.date(2021, 1, 4),
        "end": datetime.date(2022, 12, 31),
        "status": Status.COMPLETED,
        "is_public": True,
        "indicators": [
            participants(500),
            sessions(42),
            # Small by nature: the public total stays "fewer than 5".
            entered(
                ("Femmes accompagnées vers un refuge", "Women accompanied to a shelter"),
                ("Nombre de femmes qu'une intervenante a accompagnées vers un refuge pendant "
                 "la période.",
                 "Number of women a counsellor accompanied to a shelter during the period."),
                unit=Unit.COUNT, values=[1, 0, 1, 0, 1, 1, 0],
                data_source=("Registre des accompagnements du Centre pour femmes St. Joe",
                             "St. Joe's Women's Centre accompaniment log"),
            ),
        ],
        "activities": [
            (A.WORKSHOP, Aud.ADULTS, "Groupe de soutien virtuel", "Virtual support group", 3, 12),
            (A.INFO_SESSION, Aud.ADULTS, "Séance d'information : vos droits et les ressources",
             "Information session: your rights and resources", 6, 25),
            (A.OUTREACH, Aud.ADULTS, "Kiosque d'information dans une banque alimentaire",
             "Information table at a food bank", 10, 45),
            (A.TRAINING, Aud.PROFESSIONALS, "Formation : offrir du soutien à distance en sécurité",
             "Training: providing remote support safely", 5, 15),
        ],
        "languages": {Lang.FRENCH: 3, Lang.ENGLISH: 5, Lang.OTHER: 1},
        "neighbourhoods": ["Vanier", "Lowertown", "Centretown", "Carlington", "Overbrook"],
        "delivered_by": {STJOES: 5, HEALTH_CENTRE: 1},
        "focus": (
            "Les groupes de soutien ont continué en ligne et au téléphone.",
            "Support groups continued online and by phone.",
        ),
        "next": (
            "Rouvrir un groupe en personne et poursuivre les kiosques dans les banques "
            "alimentaires.",
            "Reopen an in-person group and continue the food bank information tables.",
        ),
        "workflow": None,
    },
    {
        "slug_fr": "table-situations-a-risque-eleve",
        "slug_en": "high-risk-situation-table",
        "title_fr": "Table de concertation sur les situations à risque élevé",
        "title_en": "High-risk situation table",
        "summary_fr": (
            f"{DEMO_FR} Réunions de concertation entre la police et les organismes de soutien "
            "pour orienter rapidement les personnes exposées à un risque élevé de violence. "
            "Initiative interne : elle n'est pas publiée."
        ),
        "summary_en": (
            f"{DEMO_EN} Case-coordination meetings between police and support agencies to "
            "quickly connect people at high risk of violence with help. An internal initiative: "
            "it is not published."
        ),
        "description_fr": (
            "Chaque semaine, la table examine des situations dépersonnalisées et désigne "
            "l'organisme qui prendra contact. Aucun nom n'est consigné dans le portail."
        ),
        "description_en": (
            "Each week the table reviews de-identified situations and names the agency that "
            "will reach out. No names are recorded in the portal."
        ),
        "lead": OPS,
        "collaborators": [STJOES, CPO, HEALTH_CENTRE],
        "funders": [],
        "areas": [GBV, VULNERABLE_ADULTS],
        "strategies": [(GBV, 1), (VULNERABLE_ADULTS, 1)],
        "themes": [THEME_MENTAL_HEALTH],
        "zone": Zone.INCIDENT_RESPONSE,
        "start": datetime.date(2021, 1, 18),
        "end": datetime.date(2022, 12, 31),
        "status": Status.COMPLETED,
        "is_public": False,
        "indicators": [
            sessions(52),
            # A share, so that it is not withheld as a small count; down is good.
            entered(
                ("Situations orientées de nouveau dans les 90 jours",
                 "Situations referred again within 90 days"),
                ("Part des situations examinées qui reviennent à la table dans les 90 jours "
                 "suivant une première orientation.",
                 "Share of situations reviewed that come back to the table within 90 days of a "
                 "first referral."),
                unit=Unit.PERCENT, target=10, baseline=25, question=Question.BETTER_OFF,
                baseline_date=datetime.date(2020, 12, 31),
                data_source=("Registre des situations de la table de concertation",
                             "Situation table case log"),
                direction=Direction.DOWN, values=[24, 22, 19, 17, 15, 14, 12],
            ),
        ],
        "activities": [
            (A.MEETING, Aud.PROFESSIONALS, "Réunion de la table de concertation",
             "Situation table meeting", 5, 14),
            (A.TRAINING, Aud.PROFESSIONALS, "Formation sur l'évaluation du risque",
             "Risk assessment training", 8, 30),
        ],
        "languages": {Lang.ENGLISH: 3, Lang.BILINGUAL: 2, Lang.FRENCH: 1},
        "neighbourhoods": ["Centretown", "Vanier", "Bayshore", "Orléans"],
        "delivered_by": {OPS: 1},
        "focus": (
            "La table s'est réunie chaque semaine.",
            "The table met every week.",
        ),
        "next": (
            "Ajouter un organisme du secteur du logement à la table.",
            "Add a housing sector agency to the table.",
        ),
        "workflow": None,
    },
    {
        "slug_fr": "basketball-de-soiree",
        "slug_en": "late-night-basketball",
        "title_fr": "Basketball de soirée dans les quartiers",
        "title_en": "Late-night neighbourhood basketball",
        "summary_fr": (
            f"{DEMO_FR} Des soirées de basketball gratuites où des agents de la Section du "
            "développement communautaire et des jeunes jouent ensemble, suivies de discussions "
            "sur la sécurité dans le quartier."
        ),
        "summary_en": (
            f"{DEMO_EN} Free basketball nights where Community Development Section officers and "
            "young people play together, followed by talks about neighbourhood safety."
        ),
        "description_fr": (
            "Les soirées ont lieu dans des gymnases d'écoles et de centres communautaires. Elles "
            "visent à bâtir des relations de confiance entre les jeunes et la police et à "
            "orienter les jeunes vers les programmes du quartier."
        ),
        "description_en": (
            "The nights take place in school and community centre gyms. They aim to build "
            "trusting relationships between youth and police and to connect young people with "
            "neighbourhood programs."
        ),
        "lead": OPS,
        "collaborators": [HEALTH_CENTRE, SCHOOL_BOARD, CPO],
        "funders": [PSC],
        "areas": [YOUTH, NEIGHBOURHOODS],
        "strategies": [(YOUTH, 1), (NEIGHBOURHOODS, 1)],
        "themes": [THEME_ANTI_RACISM],
        "zone": Zone.SOCIAL_DEVELOPMENT,
        "start": datetime.date(2021, 1, 25),
        "end": datetime.date(2022, 12, 31),
        "status": Status.COMPLETED,
        "is_public": True,
        "indicators": [
            youth_reached(700),
            sessions(42),
            entered(
                ("Jeunes qui disent se sentir plus en sécurité dans leur quartier",
                 "Youth who say they feel safer in their neighbourhood"),
                ("Part des jeunes répondant « oui » au court sondage de fin de saison.",
                 "Share of youth answering 'yes' in the short end-of-season survey."),
                unit=Unit.PERCENT, target=70, baseline=45,
                baseline_date=datetime.date(2020, 10, 30),
                data_source=("Sondage de fin de saison auprès des participants",
                             "End-of-season participant survey"),
                values=[48, 52, 55, 58, 61, 64, 66],
            ),
        ],
        "activities": [
            (A.OUTREACH, Aud.YOUTH, "Soirée de basketball", "Basketball night", 12, 40),
            (A.WORKSHOP, Aud.YOUTH, "Discussion d'après-match : la sécurité dans le quartier",
             "After-game talk: neighbourhood safety", 8, 25),
            (A.MEETING, Aud.PROFESSIONALS, "Rencontre des partenaires de la ligue",
             "League partners meeting", 4, 10),
        ],
        "languages": {Lang.ENGLISH: 5, Lang.FRENCH: 2, Lang.BILINGUAL: 3},
        "neighbourhoods": ["Heatherington", "Overbrook", "Vanier", "Britannia", "Carlington",
                           "Bayshore"],
        "delivered_by": {OPS: 4, HEALTH_CENTRE: 1},
        "focus": (
            "Les soirées ont réuni des jeunes et des agents dans plusieurs gymnases.",
            "The nights brought youth and officers together in several gyms.",
        ),
        "next": (
            "Ouvrir un nouveau site et inviter des entraîneurs bénévoles du quartier.",
            "Open a new site and invite volunteer coaches from the neighbourhood.",
        ),
        "workflow": None,
    },
    {
        "slug_fr": "ateliers-jeunesse-exploitation-en-ligne",
        "slug_en": "youth-workshops-online-exploitation",
        "title_fr": "Ateliers jeunesse sur l'exploitation en ligne",
        "title_en": "Youth workshops on online exploitation",
        "summary_fr": (
            f"{DEMO_FR} Dans la suite du projet imPACT, des ateliers pour les jeunes sur le "
            "leurre en ligne et le recrutement aux fins de traite, offerts en français et en "
            "anglais."
        ),
        "summary_en": (
            f"{DEMO_EN} Following on from the imPACT project, youth workshops on online luring "
            "and recruitment into trafficking, offered in French and in English."
        ),
        "description_fr": (
            "Les animateurs et animatrices formés par PACT-Ottawa présentent l'atelier dans les "
            "écoles secondaires et les organisations de jeunes, et tiennent des tribunes "
            "d'information pour les parents et le personnel."
        ),
        "description_en": (
            "Facilitators trained by PACT-Ottawa deliver the workshop in high schools and youth "
            "organisations, and hold information sessions for parents and staff."
        ),
        "lead": PACT,
        "collaborators": [SCHOOL_BOARD, STJOES],
        "funders": [PSC],
        "areas": [GBV, YOUTH],
        "strategies": [(GBV, 4), (YOUTH, 4)],
        "themes": [THEME_ANTI_RACISM],
        "zone": Zone.PREVENTION,
        "start": datetime.date(2021, 1, 4),
        "end": datetime.date(2022, 12, 31),
        "status": Status.COMPLETED,
        "is_public": True,
        "indicators": [
            youth_reached(640),
            share_french(40),
            entered(
                ("Participants qui savent où demander de l'aide",
                 "Participants who know where to ask for help"),
                ("Part des participants qui, après l'atelier, savent où demander de l'aide.",
                 "Share of participants who, after the workshop, know where to ask for help."),
                unit=Unit.PERCENT, target=85, baseline=60,
                baseline_date=datetime.date(2020, 12, 4),
                data_source=("Questionnaire de fin d'atelier", "End-of-workshop questionnaire"),
                values=[70, 72, 75, 77, 80, 82, 83],
            ),
        ],
        "activities": [
            (A.WORKSHOP, Aud.YOUTH, "Atelier : le leurre en ligne", "Workshop: online luring",
             12, 30),
            (A.INFO_SESSION, Aud.YOUTH, "Tribune d'information : reconnaître le recrutement",
             "Information session: recognising recruitment", 15, 55),
            (A.TRAINING, Aud.PROFESSIONALS, "Formation des animateurs d'atelier",
             "Workshop facilitator training", 5, 12),
        ],
        "languages": {Lang.FRENCH: 4, Lang.ENGLISH: 5, Lang.BILINGUAL: 1},
        "neighbourhoods": ["Kanata", "Orléans", "Vanier", "Centretown", "Britannia",
                           "Carlington"],
        "delivered_by": {PACT: 5, STJOES: 1},
        "focus": (
            "Les ateliers ont porté sur le leurre en ligne et les réseaux sociaux.",
            "Workshops covered online luring and social media.",
        ),
        "next": (
            "Former de nouveaux animateurs francophones et joindre les écoles de l'est.",
            "Train new French-speaking facilitators and reach schools in the east end.",
        ),
        "workflow": None,
    },
    {
        "slug_fr": "mobilisation-heatherington",
        "slug_en": "heatherington-mobilisation",
        "title_fr": "Mobilisation du quartier Heatherington",
        "title_en": "Heatherington neighbourhood mobilisation",
        "summary_fr": (
            f"{DEMO_FR} Marches exploratoires, cafés-rencontres et petits projets menés par les "
            "résidents pour améliorer la sécurité du quartier."
        ),
        "summary_en": (
            f"{DEMO_EN} Safety walks, coffee meetings and small resident-led projects to make "
            "the neighbourhood safer."
        ),
        "description_fr": (
            "Les résidents repèrent les lieux où ils se sentent en danger, proposent des "
            "améliorations et les réalisent avec la Ville, la police et le centre de santé."
        ),
        "description_en": (
            "Residents identify the places where they feel unsafe, propose improvements and "
            "carry them out with the City, police and the health centre."
        ),
        "lead": CPO,
        "collaborators": [OPS, HEALTH_CENTRE],
        "funders": [],
        "areas": [NEIGHBOURHOODS],
        "strategies": [(NEIGHBOURHOODS, 1), (NEIGHBOURHOODS, 3)],
        "themes": [THEME_ANTI_RACISM],
        "zone": Zone.SOCIAL_DEVELOPMENT,
        "start": datetime.date(2021, 2, 1),
        "end": datetime.date(2022, 12, 31),
        "status": Status.COMPLETED,
        "is_public": True,
        "indicators": [
            participants(1000),
            share_french(30),
            entered(
                ("Résidents qui se sentent en sécurité dans leur quartier le soir",
                 "Residents who feel safe in their neighbourhood at night"),
                ("Part des résidents répondant « oui » au sondage de quartier.",
                 "Share of residents answering 'yes' in the neighbourhood survey."),
                unit=Unit.PERCENT, target=60, baseline=41,
                baseline_date=datetime.date(2020, 11, 20),
                data_source=("Sondage de quartier auprès des résidents",
                             "Neighbourhood survey of residents"),
                values=[41, 43, 46, 48, 52, 55, 57],
            ),
        ],
        "activities": [
            (A.OUTREACH, Aud.GENERAL, "Marche exploratoire de sécurité", "Community safety walk",
             8, 25),
            (A.MEETING, Aud.GENERAL, "Café-rencontre des résidents", "Residents' coffee meeting",
             6, 20),
            (A.OUTREACH, Aud.FAMILIES, "Fête de quartier", "Neighbourhood block party", 25, 60),
        ],
        "languages": {Lang.ENGLISH: 5, Lang.FRENCH: 2, Lang.BILINGUAL: 2, Lang.OTHER: 1},
        "neighbourhoods": ["Heatherington"],
        "delivered_by": {CPO: 3, HEALTH_CENTRE: 1},
        "focus": (
            "Les résidents ont cerné de nouveaux lieux à améliorer.",
            "Residents identified new places to improve.",
        ),
        "next": (
            "Réaliser les améliorations proposées par les résidents avec la Ville.",
            "Carry out the residents' proposed improvements with the City.",
        ),
        "workflow": None,
    },
    {
        "slug_fr": "soutien-apres-evenement-traumatisant",
        "slug_en": "support-after-traumatic-events",
        "title_fr": "Soutien communautaire après un événement traumatisant",
        "title_en": "Community support after traumatic events",
        "summary_fr": (
            f"{DEMO_FR} Après une fusillade ou un autre événement traumatisant, une équipe "
            "offre des cercles de soutien, de l'information et une orientation vers les services "
            "de santé mentale."
        ),
        "summary_en": (
            f"{DEMO_EN} After a shooting or another traumatic event, a team offers support "
            "circles, information and referrals to mental health services."
        ),
        "description_fr": (
            "L'équipe se rend dans le quartier dans les jours qui suivent l'événement, fait du "
            "porte-à-porte avec les partenaires et anime des cercles de soutien. Elle forme "
            "aussi des intervenants aux premiers soins psychologiques."
        ),
        "description_en": (
            "The team goes to the neighbourhood in the days after the event, goes door to door "
            "with partners and runs support circles. It also trains front-line workers in "
            "psychological first aid."
        ),
        "lead": HEALTH_CENTRE,
        "collaborators": [CPO, OPS],
        "funders": [CPO],
        "areas": [NEIGHBOURHOODS, VULNERABLE_ADULTS],
        "strategies": [(NEIGHBOURHOODS, 2), (VULNERABLE_ADULTS, 1)],
        "themes": [THEME_MENTAL_HEALTH],
        "zone": Zone.INCIDENT_RESPONSE,
        "start": datetime.date(2021, 1, 15),
        "end": datetime.date(2022, 12, 31),
        "status": Status.COMPLETED,
        "is_public": True,
        "indicators": [
            participants(750),
            sessions(45),
            entered(
                ("Résidents orientés vers un service de santé mentale",
                 "Residents referred to a mental health service"),
                ("Nombre de résidents orientés vers un service de santé mentale pendant la "
                 "période.",
                 "Number of residents referred to a mental health service during the period."),
                unit=Unit.COUNT, target=120, values=[9, 14, 12, 18, 16, 21, 13],
                data_source=("Registre des orientations du centre de santé",
                             "Health centre referral records"),
            ),
        ],
        "activities": [
            (A.OUTREACH, Aud.GENERAL, "Porte-à-porte d'information après un incident",
             "Door-to-door outreach after an incident", 10, 50),
            (A.WORKSHOP, Aud.ADULTS, "Cercle de soutien communautaire",
             "Community support circle", 4, 18),
            (A.TRAINING, Aud.PROFESSIONALS, "Formation en premiers soins psychologiques",
             "Psychological first aid training", 8, 24),
        ],
        "languages": {Lang.ENGLISH: 4, Lang.FRENCH: 3, Lang.BILINGUAL: 2, Lang.OTHER: 1},
        "neighbourhoods": ["Vanier", "Overbrook", "Lowertown", "Heatherington", "Carlington"],
        "delivered_by": {HEALTH_CENTRE: 1},
        "focus": (
            "L'équipe est intervenue après des événements dans deux quartiers.",
            "The team responded after events in two neighbourhoods.",
        ),
        "next": (
            "Former d'autres intervenants aux premiers soins psychologiques.",
            "Train more front-line workers in psychological first aid.",
        ),
        "workflow": None,
    },
    {
        "slug_fr": "sensibilisation-hotellerie",
        "slug_en": "hospitality-awareness",
        "title_fr": "Sensibilisation du secteur de l'hôtellerie à la traite",
        "title_en": "Trafficking awareness in the hospitality sector",
        "summary_fr": (
            f"{DEMO_FR} Formation du personnel des hôtels, des motels et des entreprises de "
            "transport pour reconnaître les signes de la traite de personnes et savoir qui "
            "appeler."
        ),
        "summary_en": (
            f"{DEMO_EN} Training hotel, motel and transport staff to recognise the signs of "
            "human trafficking and know whom to call."
        ),
        "description_fr": (
            "PACT-Ottawa forme le personnel de première ligne et aide les établissements à "
            "adopter un protocole de signalement, avec l'appui du Service de police d'Ottawa."
        ),
        "description_en": (
            "PACT-Ottawa trains front-line staff and helps businesses adopt a reporting "
            "protocol, with the support of the Ottawa Police Service."
        ),
        "lead": PACT,
        "collaborators": [OPS, CPO],
        "funders": [MINISTRY],
        "areas": [NEIGHBOURHOODS, GBV],
        "strategies": [(NEIGHBOURHOODS, 3), (GBV, 2)],
        "themes": [],
        "zone": Zone.PREVENTION,
        "start": datetime.date(2021, 3, 1),
        "end": datetime.date(2022, 12, 31),
        "status": Status.COMPLETED,
        "is_public": True,
        "indicators": [
            people_trained(200, ("Employés formés", "Staff trained")),
            sessions(45),
            entered(
                ("Établissements qui ont adopté un protocole de signalement",
                 "Businesses that adopted a reporting protocol"),
                ("Nombre d'établissements qui ont adopté un protocole de signalement pendant la "
                 "période.",
                 "Number of businesses that adopted a reporting protocol during the period."),
                unit=Unit.COUNT, target=35, values=[2, 3, 5, 4, 6, 7, 5],
                data_source=("Registre des partenariats de PACT-Ottawa",
                             "PACT-Ottawa partnership records"),
            ),
        ],
        "activities": [
            (A.TRAINING, Aud.PROFESSIONALS, "Formation du personnel hôtelier : reconnaître la "
             "traite", "Hotel staff training: recognising trafficking", 6, 25),
            (A.OUTREACH, Aud.PROFESSIONALS, "Visite d'information auprès des commerces",
             "Information visit to local businesses", 3, 15),
            (A.MEETING, Aud.PROFESSIONALS, "Rencontre avec l'association hôtelière",
             "Meeting with the hotel association", 4, 10),
        ],
        "languages": {Lang.ENGLISH: 6, Lang.FRENCH: 3, Lang.BILINGUAL: 1},
        "neighbourhoods": ["Centretown", "Lowertown", "ByWard Market", "Vanier", "Kanata",
                           "Orléans"],
        "delivered_by": {PACT: 1},
        "focus": (
            "Des formations ont eu lieu dans des hôtels du centre-ville et de l'est.",
            "Trainings took place in downtown and east-end hotels.",
        ),
        "next": (
            "Joindre les entreprises de transport et les motels de l'ouest.",
            "Reach transport companies and west-end motels.",
        ),
        "workflow": UpdateStatus.RETURNED,
        "review_comment": (
            "Thank you. Before I approve it, could you say more under 'Challenges' about the "
            "summer slowdown, and confirm the number of businesses that adopted a reporting "
            "protocol this quarter? Please resubmit before October 30."
        ),
        "review_comment_language": "en",
    },
    {
        "slug_fr": "prevention-fraude-aines",
        "slug_en": "fraud-prevention-older-adults",
        "title_fr": "Prévention de la fraude chez les aînés",
        "title_en": "Fraud prevention for older adults",
        "summary_fr": (
            f"{DEMO_FR} Séances d'information sur les fraudes téléphoniques et en ligne dans "
            "les résidences et les centres communautaires pour aînés."
        ),
        "summary_en": (
            f"{DEMO_EN} Information sessions on phone and online scams in seniors' residences "
            "and community centres."
        ),
        "description_fr": (
            "Des bénévoles du réseau, formés avec le Service de police d'Ottawa, présentent les "
            "fraudes les plus courantes et les bons réflexes, et tiennent des kiosques de "
            "prévention."
        ),
        "description_en": (
            "Network volunteers, trained with the Ottawa Police Service, present the most common "
            "scams and how to respond, and run prevention tables."
        ),
        "lead": SENIORS,
        "collaborators": [OPS, CPO],
        "funders": [CPO],
        "areas": [VULNERABLE_ADULTS],
        "strategies": [(VULNERABLE_ADULTS, 2), (VULNERABLE_ADULTS, 4)],
        "themes": [],
        "zone": Zone.PREVENTION,
        "start": datetime.date(2021, 1, 20),
        "end": datetime.date(2022, 12, 31),
        "status": Status.COMPLETED,
        "is_public": True,
        "indicators": [
            participants(800),
            share_french(35),
            entered(
                ("Participants capables de reconnaître une fraude courante",
                 "Participants able to recognise a common scam"),
                ("Part des participants qui reconnaissent une fraude courante au questionnaire "
                 "de fin de séance.",
                 "Share of participants who recognise a common scam in the end-of-session "
                 "questionnaire."),
                unit=Unit.PERCENT, target=80, baseline=50,
                baseline_date=datetime.date(2020, 11, 27),
                data_source=("Questionnaire de fin de séance", "End-of-session questionnaire"),
                values=[64, 67, 71, 74, 76, 79, 81],
            ),
        ],
        "activities": [
            (A.INFO_SESSION, Aud.SENIORS, "Séance d'information : les fraudes téléphoniques",
             "Information session: phone scams", 8, 40),
            (A.WORKSHOP, Aud.SENIORS, "Atelier : se protéger de la fraude en ligne",
             "Workshop: staying safe from online fraud", 6, 20),
            (A.OUTREACH, Aud.SENIORS, "Kiosque de prévention dans un centre commercial",
             "Prevention table at a shopping centre", 10, 50),
        ],
        "languages": {Lang.FRENCH: 3, Lang.ENGLISH: 4, Lang.BILINGUAL: 1, Lang.OTHER: 1},
        "neighbourhoods": ["Orléans", "Kanata", "Britannia", "Centretown", "Vanier",
                           "Barrhaven"],
        "delivered_by": {SENIORS: 4, OPS: 1},
        "focus": (
            "Les séances ont porté sur les fraudes des faux petits-enfants et des faux agents.",
            "Sessions covered grandparent scams and fake-official scams.",
        ),
        "next": (
            "Ajouter des séances dans les résidences de l'ouest de la ville.",
            "Add sessions in residences in the west end.",
        ),
        "workflow": None,
    },
    {
        "slug_fr": "cercle-de-mieux-etre",
        "slug_en": "womens-wellness-circle",
        "title_fr": "Cercle de mieux-être pour femmes",
        "title_en": "Women's wellness circle",
        "summary_fr": (
            f"{DEMO_FR} Rencontres de soutien par les pairs pour les femmes isolées, axées sur "
            "la santé mentale et la sécurité. En pause depuis l'été 2022, le temps de recruter "
            "une animatrice."
        ),
        "summary_en": (
            f"{DEMO_EN} Peer support meetings for isolated women, focused on mental health and "
            "safety. On hold since the summer of 2022 while a facilitator is recruited."
        ),
        "description_fr": (
            "Un petit groupe se réunit chaque semaine avec une animatrice ; des ateliers sur le "
            "stress et des sorties de groupe brisent l'isolement."
        ),
        "description_en": (
            "A small group meets weekly with a facilitator; workshops on stress and group "
            "outings break isolation."
        ),
        "lead": STJOES,
        "collaborators": [HEALTH_CENTRE],
        "funders": [],
        "areas": [VULNERABLE_ADULTS],
        "strategies": [(VULNERABLE_ADULTS, 1)],
        "themes": [THEME_MENTAL_HEALTH],
        "zone": Zone.SOCIAL_DEVELOPMENT,
        "start": datetime.date(2021, 1, 7),
        "end": datetime.date(2022, 12, 31),
        "status": Status.ON_HOLD,
        "is_public": True,
        "last_quarter": "2022-Q2",
        "indicators": [
            participants(420),
            sessions(55),
            entered(
                ("Participantes qui disent se sentir moins isolées",
                 "Participants who say they feel less isolated"),
                ("Part des participantes répondant « oui » au bilan trimestriel.",
                 "Share of participants answering 'yes' in the quarterly check-in."),
                unit=Unit.PERCENT, target=75, values=[58, 63, 66, 70, 72, 74],
                data_source=("Bilan trimestriel auprès des participantes",
                             "Quarterly check-in with participants"),
            ),
        ],
        "activities": [
            (A.WORKSHOP, Aud.ADULTS, "Cercle de mieux-être", "Wellness circle", 3, 12),
            (A.WORKSHOP, Aud.ADULTS, "Atelier : gérer le stress et l'anxiété",
             "Workshop: managing stress and anxiety", 4, 15),
            (A.OUTREACH, Aud.ADULTS, "Sortie de groupe", "Group outing", 3, 12),
        ],
        "languages": {Lang.ENGLISH: 4, Lang.FRENCH: 3, Lang.BILINGUAL: 2},
        "neighbourhoods": ["Centretown", "Lowertown", "Vanier"],
        "delivered_by": {STJOES: 1},
        "focus": (
            "Le groupe s'est réuni chaque semaine.",
            "The group met every week.",
        ),
        "next": (
            "Maintenir les rencontres et préparer une sortie de groupe.",
            "Keep the meetings going and plan a group outing.",
        ),
        "workflow": None,
    },
    {
        "slug_fr": "formation-intervenants-jeunesse",
        "slug_en": "youth-worker-training",
        "title_fr": "Formation des intervenants jeunesse sur la traite",
        "title_en": "Trafficking awareness training for youth workers",
        "summary_fr": (
            f"{DEMO_FR} Formation des intervenants des foyers de groupe, des refuges et des "
            "centres de jeunes pour reconnaître le recrutement aux fins de traite et orienter "
            "les jeunes vers de l'aide."
        ),
        "summary_en": (
            f"{DEMO_EN} Training staff of group homes, shelters and youth centres to recognise "
            "recruitment into trafficking and refer young people to help."
        ),
        "description_fr": (
            "Une formation de base, des formations d'appoint pour les foyers de groupe et une "
            "communauté de pratique trimestrielle où les intervenants échangent sur des "
            "situations dépersonnalisées."
        ),
        "description_en": (
            "A core training, refresher trainings for group homes and a quarterly community of "
            "practice where workers discuss de-identified situations."
        ),
        "lead": PACT,
        "collaborators": [STJOES, OPS],
        "funders": [PSC],
        "areas": [YOUTH, VULNERABLE_ADULTS],
        "strategies": [(YOUTH, 3), (VULNERABLE_ADULTS, 1)],
        "themes": [THEME_ANTI_RACISM, THEME_MENTAL_HEALTH],
        "zone": Zone.RISK_INTERVENTION,
        "start": datetime.date(2021, 2, 15),
        "end": datetime.date(2022, 12, 31),
        "status": Status.COMPLETED,
        "is_public": True,
        "indicators": [
            people_trained(420, ("Intervenants formés", "Youth workers trained")),
            share_french(40),
            entered(
                ("Intervenants qui se disent prêts à agir après la formation",
                 "Youth workers who feel ready to act after the training"),
                ("Part des intervenants qui se disent prêts à agir, au questionnaire de fin de "
                 "formation.",
                 "Share of workers who say they feel ready to act, in the end-of-training "
                 "questionnaire."),
                unit=Unit.PERCENT, target=90, baseline=60,
                baseline_date=datetime.date(2021, 1, 29),
                data_source=("Questionnaire de fin de formation", "End-of-training questionnaire"),
                values=[78, 81, 84, 85, 87, 88, 90],
            ),
        ],
        "activities": [
            (A.TRAINING, Aud.PROFESSIONALS,
             "Formation : reconnaître le recrutement aux fins de traite",
             "Training: recognising recruitment into trafficking", 8, 30),
            (A.TRAINING, Aud.PROFESSIONALS, "Formation d'appoint pour les foyers de groupe",
             "Refresher training for group homes", 4, 15),
            (A.MEETING, Aud.PROFESSIONALS, "Communauté de pratique des intervenants",
             "Youth worker community of practice", 6, 20),
        ],
        "languages": {Lang.FRENCH: 4, Lang.ENGLISH: 4, Lang.BILINGUAL: 2},
        "neighbourhoods": ["Centretown", "Vanier", "Overbrook", "Bayshore", "Orléans"],
        "delivered_by": {PACT: 4, STJOES: 1},
        "focus": (
            "Des intervenants de foyers de groupe et de refuges ont suivi la formation.",
            "Workers from group homes and shelters took the training.",
        ),
        "next": (
            "Offrir la formation aux centres de jeunes de l'ouest.",
            "Offer the training to youth centres in the west end.",
        ),
        "workflow": None,
    },
]

# Titles in an "other" language of delivery: the English title, with the language.
OTHER_LANGUAGE_SUFFIX = " (delivered in Arabic)"
# Dates of the 2022-Q4 updates left unfinished when the plan ended.
WORKFLOW_DATES = {
    UpdateStatus.RETURNED: {
        "submitted_at": at(2023, 1, 12, 16, 45),
        "reviewed_at": at(2023, 1, 18, 9, 15),
    },
    UpdateStatus.DRAFT: {},
}

# --- Today's initiatives: the Strategic Direction 2027, relative to the day of loading ------

# Generated, clearly demo: each starts ``quarters`` quarters before the current one and has
# no end; its activities and updates are placed relative to the day the demo is loaded
# (``loader.live_calendar``), so the portal always shows a plan at work. Some also serve a
# priority area of the 2021-2022 plan, so both plans' dashboards count them.
SD27_SAFETY = "improve-community-safety"
SD27_TRUST = "build-trust-through-partnerships"
SD27_EQUITY = "equity-diversity-and-inclusion"
SD27_MEMBERS = "resilient-and-thriving-members"
LIVE_TARGET_DATE = datetime.date(2027, 12, 31)


def _live(indicator: dict) -> dict:
    return {**indicator, "target_date": LIVE_TARGET_DATE}


LIVE_INITIATIVES = [
    {
        "slug_fr": "patrouilles-a-pied-et-kiosques-de-quartier",
        "slug_en": "neighbourhood-foot-patrols-and-resource-tables",
        "title_fr": "Patrouilles à pied et kiosques de quartier",
        "title_en": "Neighbourhood foot patrols and resource tables",
        "summary_fr": (
            f"{DEMO_FR} Des agents patrouillent à pied dans les rues commerciales et tiennent "
            "des kiosques d'information avec les organismes du quartier."
        ),
        "summary_en": (
            f"{DEMO_EN} Officers patrol commercial streets on foot and hold information tables "
            "with neighbourhood organisations."
        ),
        "description_fr": (
            "Les patrouilles suivent les priorités fixées avec les associations de "
            "commerçants et de résidents ; les kiosques orientent vers les services du quartier."
        ),
        "description_en": (
            "Patrols follow priorities set with business and residents' associations; the "
            "tables point people to neighbourhood services."
        ),
        "lead": OPS, "collaborators": [CPO, HEALTH_CENTRE], "funders": [],
        "areas": [SD27_SAFETY, NEIGHBOURHOODS], "strategies": [(SD27_SAFETY, 1)],
        "zone": Zone.PREVENTION, "quarters": 7, "is_public": True,
        "indicators": [_live(sessions(120)), _live(participants(2400))],
        "activities": [
            (A.OUTREACH, Aud.GENERAL, "Kiosque d'information sur la rue", "Street information "
             "table", 15, 60),
            (A.MEETING, Aud.PROFESSIONALS, "Rencontre avec l'association des commerçants",
             "Meeting with the business association", 4, 12),
        ],
        "languages": {Lang.ENGLISH: 4, Lang.FRENCH: 3, Lang.BILINGUAL: 3},
        "neighbourhoods": ["ByWard Market", "Vanier", "Centretown", "Bank Street"],
        "delivered_by": {OPS: 4, HEALTH_CENTRE: 1},
        "focus": (
            "Les patrouilles et les kiosques ont touché les rues commerciales prioritaires.",
            "Patrols and tables reached the priority commercial streets.",
        ),
        "next": (
            "Ajouter des kiosques en soirée pendant les festivals.",
            "Add evening tables during festivals.",
        ),
    },
    {
        "slug_fr": "cercles-de-dialogue-jeunes-police",
        "slug_en": "youth-and-police-dialogue-circles",
        "title_fr": "Cercles de dialogue jeunes-police",
        "title_en": "Youth and police dialogue circles",
        "summary_fr": (
            f"{DEMO_FR} Des jeunes et des agents échangent en petits groupes animés par "
            "PACT-Ottawa, pour bâtir la confiance."
        ),
        "summary_en": (
            f"{DEMO_EN} Young people and officers talk in small groups led by PACT-Ottawa, to "
            "build trust."
        ),
        "description_fr": (
            "Chaque cercle réunit une dizaine de jeunes et deux agents pendant trois séances ; "
            "les jeunes choisissent les sujets."
        ),
        "description_en": (
            "Each circle brings about ten young people and two officers together for three "
            "sessions; the youth choose the topics."
        ),
        "lead": PACT, "collaborators": [OPS, SCHOOL_BOARD], "funders": [PSC],
        "areas": [SD27_TRUST, YOUTH], "strategies": [(SD27_TRUST, 1)],
        "zone": Zone.SOCIAL_DEVELOPMENT, "quarters": 6, "is_public": True,
        "indicators": [_live(youth_reached(600)), _live(sessions(80))],
        "activities": [
            (A.WORKSHOP, Aud.YOUTH, "Cercle de dialogue", "Dialogue circle", 6, 14),
            (A.TRAINING, Aud.PROFESSIONALS, "Formation des animateurs de cercle",
             "Circle facilitator training", 3, 10),
        ],
        "languages": {Lang.FRENCH: 4, Lang.ENGLISH: 4, Lang.BILINGUAL: 2},
        "neighbourhoods": ["Vanier", "Overbrook", "Heatherington", "Carlington"],
        "delivered_by": {PACT: 3, OPS: 1},
        "focus": (
            "Les cercles ont eu lieu dans des écoles et des centres de jeunes.",
            "Circles were held in schools and youth centres.",
        ),
        "next": (
            "Former de nouveaux animateurs parmi les anciens participants.",
            "Train new facilitators among former participants.",
        ),
    },
    {
        "slug_fr": "accompagnement-des-survivantes-de-violence-conjugale",
        "slug_en": "support-for-survivors-of-intimate-partner-violence",
        "title_fr": "Accompagnement des survivantes de violence conjugale",
        "title_en": "Support for survivors of intimate partner violence",
        "summary_fr": (
            f"{DEMO_FR} Des intervenantes accompagnent les survivantes dans leurs démarches "
            "auprès de la police et des tribunaux."
        ),
        "summary_en": (
            f"{DEMO_EN} Counsellors accompany survivors through their dealings with police "
            "and the courts."
        ),
        "description_fr": (
            "Le programme offre un accompagnement confidentiel, en français ou en anglais, et "
            "des séances d'information pour les partenaires."
        ),
        "description_en": (
            "The program offers confidential support, in French or English, and information "
            "sessions for partners."
        ),
        "lead": STJOES, "collaborators": [OPS], "funders": [SWC],
        "areas": [SD27_SAFETY, GBV], "strategies": [(SD27_SAFETY, 2)],
        "zone": Zone.RISK_INTERVENTION, "quarters": 7, "is_public": True,
        "indicators": [_live(participants(900)), _live(sessions(60))],
        "activities": [
            (A.INFO_SESSION, Aud.PROFESSIONALS, "Séance d'information pour les partenaires",
             "Information session for partners", 5, 20),
            (A.WORKSHOP, Aud.ADULTS, "Groupe de soutien", "Support group", 3, 10),
        ],
        "languages": {Lang.ENGLISH: 3, Lang.FRENCH: 3, Lang.OTHER: 1},
        "neighbourhoods": ["Centretown", "Lowertown", "Vanier", "Orléans"],
        "delivered_by": {STJOES: 1},
        "focus": (
            "Les groupes de soutien ont repris chaque semaine.",
            "Support groups met every week.",
        ),
        "next": (
            "Offrir un groupe de soutien en soirée dans l'est.",
            "Offer an evening support group in the east end.",
        ),
    },
    {
        "slug_fr": "liaison-avec-les-communautes-racisees",
        "slug_en": "outreach-to-racialized-communities",
        "title_fr": "Liaison avec les communautés racisées",
        "title_en": "Outreach to racialized communities",
        "summary_fr": (
            f"{DEMO_FR} Des rencontres régulières avec des leaders communautaires pour entendre "
            "les préoccupations et en faire le suivi."
        ),
        "summary_en": (
            f"{DEMO_EN} Regular meetings with community leaders to hear concerns and follow "
            "them up."
        ),
        "description_fr": (
            "Les rencontres ont lieu dans des lieux de culte et des centres communautaires ; un "
            "compte rendu est remis aux participants."
        ),
        "description_en": (
            "Meetings take place in places of worship and community centres; a summary is "
            "given to participants."
        ),
        "lead": OPS, "collaborators": [CPO], "funders": [],
        "areas": [SD27_EQUITY], "strategies": [(SD27_EQUITY, 1)],
        "zone": Zone.SOCIAL_DEVELOPMENT, "quarters": 5, "is_public": True,
        "indicators": [_live(sessions(40)), _live(participants(800))],
        "activities": [
            (A.MEETING, Aud.GENERAL, "Rencontre avec des leaders communautaires",
             "Meeting with community leaders", 6, 25),
        ],
        "languages": {Lang.ENGLISH: 4, Lang.FRENCH: 2, Lang.OTHER: 2},
        "neighbourhoods": ["Heatherington", "Overbrook", "Bayshore", "Britannia"],
        "delivered_by": {OPS: 1},
        "focus": (
            "Les rencontres ont porté sur la sécurité aux abords des écoles.",
            "Meetings dealt with safety around schools.",
        ),
        "next": (
            "Publier un compte rendu des suites données.",
            "Publish a summary of the follow-up.",
        ),
    },
    {
        "slug_fr": "soutien-par-les-pairs-pour-les-membres",
        "slug_en": "peer-support-for-members",
        "title_fr": "Soutien par les pairs pour les membres",
        "title_en": "Peer support for members",
        "summary_fr": (
            f"{DEMO_FR} Des membres formés au soutien par les pairs accompagnent leurs "
            "collègues après des événements difficiles."
        ),
        "summary_en": (
            f"{DEMO_EN} Members trained in peer support accompany colleagues after difficult "
            "events."
        ),
        "description_fr": (
            "Le programme forme des pairs aidants et tient des séances de sensibilisation à la "
            "santé mentale."
        ),
        "description_en": (
            "The program trains peer supporters and holds mental health awareness sessions."
        ),
        "lead": OPS, "collaborators": [], "funders": [],
        "areas": [SD27_MEMBERS], "strategies": [(SD27_MEMBERS, 1)],
        "zone": Zone.PREVENTION, "quarters": 6, "is_public": True,
        "indicators": [_live(people_trained(120)), _live(sessions(50))],
        "activities": [
            (A.TRAINING, Aud.PROFESSIONALS, "Formation de pairs aidants",
             "Peer supporter training", 5, 15),
            (A.INFO_SESSION, Aud.PROFESSIONALS, "Séance de sensibilisation à la santé mentale",
             "Mental health awareness session", 10, 40),
        ],
        "languages": {Lang.ENGLISH: 3, Lang.FRENCH: 2, Lang.BILINGUAL: 1},
        "neighbourhoods": ["Centretown", "Kanata", "Orléans"],
        "delivered_by": {OPS: 1},
        "focus": (
            "De nouveaux pairs aidants ont été formés dans chaque district.",
            "New peer supporters were trained in every district.",
        ),
        "next": (
            "Évaluer le programme auprès des membres.",
            "Evaluate the program with members.",
        ),
    },
    {
        "slug_fr": "prevention-de-la-fraude-chez-les-aines-phase-2",
        "slug_en": "fraud-prevention-for-older-adults-phase-2",
        "title_fr": "Prévention de la fraude chez les aînés, deuxième phase",
        "title_en": "Fraud prevention for older adults, phase two",
        "summary_fr": (
            f"{DEMO_FR} Des bénévoles aînés et des agents animent des séances sur les fraudes "
            "téléphoniques et en ligne."
        ),
        "summary_en": (
            f"{DEMO_EN} Older volunteers and officers lead sessions on phone and online fraud."
        ),
        "description_fr": (
            "La deuxième phase ajoute les fraudes par messagerie texte et les faux "
            "investissements en ligne."
        ),
        "description_en": (
            "The second phase adds text-message fraud and fake online investments."
        ),
        "lead": SENIORS, "collaborators": [OPS], "funders": [],
        "areas": [SD27_TRUST, VULNERABLE_ADULTS], "strategies": [(SD27_TRUST, 2)],
        "zone": Zone.PREVENTION, "quarters": 7, "is_public": True,
        "indicators": [_live(participants(1500)), _live(sessions(70))],
        "activities": [
            (A.INFO_SESSION, Aud.SENIORS, "Séance sur les fraudes en ligne",
             "Session on online fraud", 8, 30),
        ],
        "languages": {Lang.FRENCH: 3, Lang.ENGLISH: 4, Lang.BILINGUAL: 1},
        "neighbourhoods": ["Alta Vista", "Kanata", "Orléans", "Barrhaven"],
        "delivered_by": {SENIORS: 2, OPS: 1},
        "focus": (
            "Les séances ont eu lieu dans des bibliothèques et des résidences.",
            "Sessions were held in libraries and residences.",
        ),
        "next": (
            "Ajouter des séances sur les fraudes par messagerie texte.",
            "Add sessions on text-message fraud.",
        ),
    },
]

# What the current plan's reporting shows, by initiative (``slug_en``): in the last quarter
# that is due, one update awaits review, one was returned, two are overdue (one not started,
# one a draft); in the quarter before, one was approved but submitted late.
LIVE_AWAITING_REVIEW = "youth-and-police-dialogue-circles"
LIVE_RETURNED = "support-for-survivors-of-intimate-partner-violence"
LIVE_RETURN_COMMENT = (
    "Merci ! Pourriez-vous préciser les quartiers où les groupes ont eu lieu ?",
    "fr",
)
LIVE_LATE = "fraud-prevention-for-older-adults-phase-2"
LIVE_OVERDUE_NOT_STARTED = "outreach-to-racialized-communities"
LIVE_OVERDUE_DRAFT = "peer-support-for-members"
# A challenge per quarter of the year (1 to 4), for the generated updates.
LIVE_CHALLENGES = {
    1: ("Le froid et les tempêtes ont réduit la participation en soirée.",
        "Cold weather and storms reduced evening turnout."),
    2: ("La fin de l'année scolaire a compliqué le recrutement des jeunes.",
        "The end of the school year made recruiting youth harder."),
    3: ("Les vacances d'été ont réduit l'horaire ; reprise en septembre.",
        "Summer holidays reduced the schedule; activities picked up in September."),
    4: ("Le roulement du personnel a retardé quelques activités.",
        "Staff turnover delayed a few activities."),
}

# --- Events and the community policing forum (seed 004) -------------------------------------

# The forum: seed 004's own words (English), with a faithful French version.
FORUM = {
    "slug_fr": "forum-police-communautaire",
    "slug_en": "community-policing-forum",
    "title_fr": "Forum sur la police communautaire",
    "title_en": "Community Policing Forum",
    "host": OPS,
    "summary_fr": (
        "La Section du développement communautaire du Service de police d'Ottawa a tenu son "
        "premier Forum sur la police communautaire. Le forum réunit la police et les membres "
        "de la communauté, partenaires pour améliorer le bien-être, la sécurité et la sûreté "
        "de la communauté."
    ),
    "summary_en": (
        "The Ottawa Police Service's Community Development Section hosted its first Community "
        "Policing Forum. The forum brings police and community members together, as partners "
        "improving community wellbeing, safety and security."
    ),
    "body_fr": (
        "Le Service de police d'Ottawa conçoit le développement communautaire comme un "
        "processus collectif à long terme. Il vise à établir des relations de confiance, à "
        "renforcer les capacités et à bâtir des partenariats durables. Il repose sur les liens, "
        "la consultation et la collaboration avec les membres et les sections du Service, les "
        "membres et les organismes de la communauté et les leaders communautaires, pour faire "
        "progresser, améliorer, habiliter et renforcer la sécurité communautaire et publique.\n\n"
        "Le développement de la police communautaire est le processus par lequel la police et "
        "les autres membres de la communauté s'associent pour améliorer le bien-être, la "
        "sécurité et la sûreté de la communauté en cernant, en analysant, en traitant et en "
        "évaluant ensemble les problèmes.\n\n"
        "Le mandat de la Section du développement communautaire est d'établir des partenariats "
        "durables et des stratégies de mobilisation au sein de la communauté ; de travailler "
        "avec les communautés, les organismes et les membres de l'organisation pour cerner les "
        "problèmes, les possibilités et les solutions possibles ; et de favoriser la confiance "
        "envers les services de police en élargissant et en enrichissant les possibilités "
        "d'éducation liées à la police communautaire.\n\n"
        "Partenariat en action (PEA) est le cadre du Service de police d'Ottawa pour la "
        "consultation publique et une mobilisation plus large de la communauté. Il va au-delà "
        "de l'approche consultative traditionnelle : il vise à cerner la participation et "
        "l'engagement de la communauté dans le travail policier et à s'en servir comme "
        "tremplin, ainsi qu'à créer, à renforcer et à entretenir des partenariats "
        "stratégiques."
    ),
    "body_en": (
        "The Ottawa Police understands that community development is a collective long term "
        "process. It is designed to establish trusting relationships, build capacity and "
        "sustainable partnership. It is based on connecting, consulting and collaborating "
        "with internal members and sections, community members and organizations, and "
        "community leaders for the advancement, betterment, empowerment, and enhancement of "
        "community and public safety.\n\n"
        "Community policing development is the process by which police and other community "
        "members partner to improve community wellbeing, safety and security through joint "
        "problem identification, analysis, response and evaluation.\n\n"
        "The mandate of the Community Development Section is to develop sustainable "
        "partnerships and engagement strategies within the community; to work with "
        "communities, agencies and members of the organization to identify problems, "
        "opportunities and potential solutions; and to promote trust and confidence in "
        "policing by expanding and enhancing educational opportunities related to community "
        "policing.\n\n"
        "Partnership In Action (PIA) is the Ottawa Police Service framework for public "
        "consultation and wider community engagement. It is more than a traditional "
        "consultative approach because it aims to identify and build upon community "
        "involvement and engagement within policing, and to develop, enhance and maintain "
        "strategic partnerships."
    ),
}

DEMO_EVENT_FR = "Événement de démonstration."
DEMO_EVENT_EN = "Demo event."
CITY_HALL = "Hôtel de ville d'Ottawa / Ottawa City Hall, 110 Laurier Ouest / West"

# The demo event whose attendance an activity records: the first bilingual basketball night
# of 2022 among the generated activities (``loader.demo_activity_rows``).
ATTENDANCE_OF = {"initiative": "late-night-basketball", "kind": A.OUTREACH,
                 "language": Lang.BILINGUAL, "year": 2022}


def demo_events(anchor: datetime.date) -> list[dict]:
    """The demo events. The first forum and its consultation are fixed in 2022, beside the
    plan's activities; the others are placed from ``anchor`` (the Monday of the week of the
    load), two in the weeks before and three in the weeks after, so the events page always
    has something ahead, whatever the day the demo is loaded (a second load the same week
    writes nothing)."""

    def ahead(days: int, hour: int, minute: int = 0) -> datetime.datetime:
        day = anchor + datetime.timedelta(days=days)
        return at(day.year, day.month, day.day, hour, minute)

    return [
        {
            "slug_fr": "premier-forum-police-communautaire",
            "slug_en": "first-community-policing-forum",
            "title_fr": "Premier Forum sur la police communautaire",
            "title_en": "First Community Policing Forum",
            "summary_fr": (
                f"{DEMO_EVENT_FR} La première rencontre du forum : la police et les résidents "
                "cernent ensemble les problèmes de sécurité de leurs quartiers."
            ),
            "summary_en": (
                f"{DEMO_EVENT_EN} The forum's first meeting: police and residents identify "
                "the safety problems of their neighbourhoods together."
            ),
            "body_fr": (
                "Présentation de la Section du développement communautaire et de "
                "Partenariat en action, puis tables rondes par quartier."
            ),
            "body_en": (
                "An introduction to the Community Development Section and Partnership in "
                "Action, then round tables by neighbourhood."
            ),
            "kind": "forum_meeting", "forum": True,
            "start": at(2022, 10, 19, 18, 30), "end": at(2022, 10, 19, 21, 0),
            "place": CITY_HALL, "is_online": False, "language": "bilingual",
            "organisers": [OPS], "areas": [NEIGHBOURHOODS], "initiatives": [],
            "is_public": True,
        },
        {
            "slug_fr": "partenariat-en-action-consultation-vanier",
            "slug_en": "partnership-in-action-consultation-vanier",
            "title_fr": "Partenariat en action : consultation sur la sécurité à Vanier",
            "title_en": "Partnership in Action: safety consultation in Vanier",
            "summary_fr": (
                f"{DEMO_EVENT_FR} Une séance de consultation publique où les résidents de "
                "Vanier disent ce qui les inquiète et ce qui fonctionne."
            ),
            "summary_en": (
                f"{DEMO_EVENT_EN} A public consultation where Vanier residents say what "
                "worries them and what works."
            ),
            "body_fr": "Séance animée en français et en anglais ; collation offerte.",
            "body_en": "Facilitated in French and in English; refreshments provided.",
            "kind": "engagement", "forum": False,
            "start": at(2022, 6, 8, 18, 0), "end": at(2022, 6, 8, 20, 0),
            "place": "Vanier", "is_online": False, "language": "bilingual",
            "organisers": [OPS, CPO], "areas": [NEIGHBOURHOODS], "initiatives": [],
            "is_public": True,
        },
        {
            "slug_fr": "soiree-basketball-heatherington",
            "slug_en": "basketball-night-heatherington",
            "title_fr": "Soirée de basketball à Heatherington",
            "title_en": "Basketball night in Heatherington",
            "summary_fr": (
                f"{DEMO_EVENT_FR} Une soirée de basketball gratuite où des agents de la "
                "Section du développement communautaire et des jeunes jouent ensemble."
            ),
            "summary_en": (
                f"{DEMO_EVENT_EN} A free basketball night where Community Development Section "
                "officers and young people play together."
            ),
            "body_fr": "Suivie d'une courte discussion sur la sécurité dans le quartier.",
            "body_en": "Followed by a short talk about safety in the neighbourhood.",
            "kind": "outreach", "forum": False,
            # Its date is the recorded activity's (``ATTENDANCE_OF``), set by the loader.
            "attendance": ATTENDANCE_OF,
            "start_time": (18, 30), "end_time": (21, 0),
            "place": "Heatherington", "is_online": False, "language": "bilingual",
            "organisers": [OPS], "areas": [YOUTH, NEIGHBOURHOODS],
            "initiatives": ["late-night-basketball"], "is_public": True,
        },
        {
            "slug_fr": "mobilisation-communautaire-heatherington",
            "slug_en": "community-mobilization-heatherington",
            "title_fr": "Séance de mobilisation communautaire à Heatherington",
            "title_en": "Community mobilization session in Heatherington",
            "summary_fr": (
                f"{DEMO_EVENT_FR} Les résidents choisissent les prochains projets de sécurité "
                "du quartier avec la police et Prévention du crime Ottawa."
            ),
            "summary_en": (
                f"{DEMO_EVENT_EN} Residents choose the neighbourhood's next safety projects "
                "with police and Crime Prevention Ottawa."
            ),
            "body_fr": "Séance en français.",
            "body_en": "Session held in French.",
            "kind": "engagement", "forum": False,
            "start": ahead(-4, 18), "end": ahead(-4, 20),
            "place": "Heatherington", "is_online": False, "language": "fr",
            "organisers": [CPO, OPS], "areas": [NEIGHBOURHOODS],
            "initiatives": ["heatherington-mobilisation"], "is_public": True,
        },
        {
            "slug_fr": "formation-signes-traite-personnes",
            "slug_en": "training-signs-of-human-trafficking",
            "title_fr": "Formation : reconnaître les signes de la traite des personnes",
            "title_en": "Training: recognising the signs of human trafficking",
            "summary_fr": (
                f"{DEMO_EVENT_FR} Une formation en ligne pour le personnel de l'hôtellerie, "
                "donnée en anglais."
            ),
            "summary_en": (
                f"{DEMO_EVENT_EN} An online training for hospitality staff, given in English."
            ),
            "body_fr": "Inscription auprès de PACT-Ottawa.",
            "body_en": "Register with PACT-Ottawa.",
            "kind": "training", "forum": False,
            "start": ahead(13, 9), "end": ahead(13, 12),
            "place": "", "is_online": True, "language": "en",
            "organisers": [PACT], "areas": [GBV, NEIGHBOURHOODS],
            "initiatives": ["hospitality-awareness"], "is_public": True,
        },
        {
            "slug_fr": "forum-police-communautaire-rencontre-publique",
            "slug_en": "community-policing-forum-public-meeting",
            "title_fr": "Forum sur la police communautaire : rencontre publique",
            "title_en": "Community Policing Forum: public meeting",
            "summary_fr": (
                f"{DEMO_EVENT_FR} La police et la communauté font le point sur les problèmes "
                "cernés au premier forum et sur les réponses apportées."
            ),
            "summary_en": (
                f"{DEMO_EVENT_EN} Police and community review the problems identified at the "
                "first forum and the responses since."
            ),
            "body_fr": "En personne et en ligne ; interprétation simultanée.",
            "body_en": "In person and online; simultaneous interpretation.",
            "kind": "forum_meeting", "forum": True,
            "start": ahead(20, 18, 30), "end": ahead(20, 20, 30),
            "place": CITY_HALL, "is_online": True, "language": "bilingual",
            "organisers": [OPS, CPO], "areas": [NEIGHBOURHOODS, VULNERABLE_ADULTS],
            "initiatives": [], "is_public": True,
        },
        {
            "slug_fr": "kiosque-prevention-fraude-aines",
            "slug_en": "fraud-prevention-booth-older-adults",
            "title_fr": "Kiosque de prévention de la fraude pour les aînés",
            "title_en": "Fraud prevention booth for older adults",
            "summary_fr": (
                f"{DEMO_EVENT_FR} Des bénévoles et des agents répondent aux questions sur les "
                "fraudes téléphoniques et en ligne."
            ),
            "summary_en": (
                f"{DEMO_EVENT_EN} Volunteers and officers answer questions about phone and "
                "online fraud."
            ),
            "body_fr": "Documentation en français et en anglais.",
            "body_en": "Material in French and in English.",
            "kind": "outreach", "forum": False,
            "start": ahead(27, 10), "end": ahead(27, 14),
            "place": "Bibliothèque publique d'Ottawa, succursale Alta Vista / "
                     "Ottawa Public Library, Alta Vista branch",
            "is_online": False, "language": "bilingual",
            "organisers": [SENIORS, OPS], "areas": [VULNERABLE_ADULTS],
            "initiatives": ["fraud-prevention-older-adults"], "is_public": True,
        },
        {
            "slug_fr": "planification-forum-partenaires",
            "slug_en": "forum-planning-partners",
            "title_fr": "Planification du forum (partenaires seulement)",
            "title_en": "Forum planning (partners only)",
            "summary_fr": f"{DEMO_EVENT_FR} Rencontre interne de préparation du forum.",
            "summary_en": f"{DEMO_EVENT_EN} Internal meeting to prepare the forum.",
            "body_fr": "", "body_en": "",
            "kind": "engagement", "forum": False,
            "start": ahead(-11, 13), "end": ahead(-11, 14, 30),
            "place": "", "is_online": True, "language": "bilingual",
            "organisers": [OPS, CPO], "areas": [], "initiatives": [], "is_public": False,
        },
    ]
