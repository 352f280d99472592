"""Synthetic field documentation for the benchmarks: invented people, real places.

Everything comes from word and phrase lists driven by a seeded ``random.Random``, so two
runs with the same seed produce the same texts. Names are invented combinations of
common Andean surnames and given names; places are real districts from the gazetteer;
violation and perpetrator codes come from the vocabularies. The raw field dicts returned
here are what a person would type; the loader passes them through the same
``record_fields.normalize`` as the application.
"""

from __future__ import annotations

import random
import uuid
from datetime import date, timedelta
from typing import Any

from willay.core.reference.gazetteer import Place, gazetteer
from willay.core.reference.vocabularies import vocabulary

SURNAMES = (
    "Quispe", "Mamani", "Huamán", "Condori", "Ccori", "Choque", "Apaza", "Flores",
    "Ticona", "Layme", "Huanca", "Cusi", "Yupanqui", "Ccahuana", "Chambi", "Pari",
    "Coaquira", "Ramos", "Cutipa", "Nina", "Tito", "Huarcaya", "Pumacahua", "Alanoca",
    "Challco", "Ccama", "Sucasaire", "Huillca", "Chura", "Vilca", "Quisocala", "Llanque",
    "Ayamamani", "Cahuana", "Paucar", "Puma", "Rojas", "Gutiérrez", "Sánchez", "Ñaupa",
)
GIVEN_NAMES = (
    "Rosa", "Juana", "María", "Yeni", "Marisol", "Lidia", "Edith", "Rocío", "Nélida",
    "Hilda", "Sonia", "Vilma", "Elena", "Flor", "Delia", "Maribel", "Ruth", "Gladys",
    "Juan", "José", "Julián", "Edgar", "Óscar", "Wilber", "Percy", "Rubén", "Héctor",
    "Alfredo", "Dante", "Elvis", "Fredy", "Marco", "Néstor", "Rolando", "Saúl", "Teófilo",
    "Wilfredo", "Yoel", "Christian", "Hugo",
)
# Departments where most protest documentation comes from (INEI codes), and their weight.
HOTSPOTS = ("21", "03", "05", "08", "04", "09", "12", "15", "02", "13")
SPOTS = (
    "la plaza de Armas", "el puente", "la carretera", "el aeropuerto", "la comisaría",
    "el hospital regional", "el mercado", "la entrada del pueblo", "el estadio",
    "la Panamericana Sur", "el cruce de la vía", "la universidad", "el terminal terrestre",
    "la prefectura", "el local comunal", "la posta de salud", "la avenida principal",
)
FORCES = (
    "la policía", "los policías", "los efectivos de la DINOES", "los agentes de la USE",
    "los militares", "el Ejército", "los policías de civil", "los del serenazgo",
    "un grupo de agentes encapuchados", "los efectivos policiales",
)
WEAPONS = (
    "bombas lacrimógenas", "perdigones", "balas", "proyectiles de arma de fuego",
    "piedras", "varas", "gas lacrimógeno", "fusiles", "escopetas", "bombas de humo",
)
BODY = (
    "la pierna", "el abdomen", "la cabeza", "el brazo", "el pecho", "la espalda",
    "el ojo", "la mano", "el cuello", "el tórax",
)
RELATIVES = (
    "mi hermano", "mi hijo", "mi esposo", "mi sobrino", "mi vecino", "mi primo",
    "mi hija", "mi esposa", "un compañero de la comunidad", "un joven estudiante",
)
HOURS = (
    "en la madrugada", "a eso de las diez", "al mediodía", "en la tarde", "al anochecer",
    "cerca de las cuatro de la tarde", "de noche", "temprano en la mañana",
)
EVENTS = (
    "Represión de la marcha", "Desbloqueo violento de la vía", "Detenciones durante el paro",
    "Disparos contra manifestantes", "Ataque con gases a la movilización",
    "Allanamiento del local comunal", "Enfrentamiento en el aeropuerto",
    "Heridos por perdigones", "Muerte de manifestante", "Detención arbitraria de dirigentes",
    "Agresión a periodistas", "Desalojo de la plaza", "Intervención policial en la protesta",
)
INCIDENT_SENTENCES = (
    "Los manifestantes se concentraron en {spot} {hour} para exigir la renuncia del gobierno.",
    "{Force} dispararon {weapon} contra la población que bloqueaba la carretera.",
    "Se registraron {n} heridos, varios de ellos con impactos en {body}.",
    "{Force} detuvieron a {n} personas y las trasladaron a la comisaría sin abogado.",
    "La comunidad campesina había acordado el paro indefinido en asamblea.",
    "Testigos señalan que {name} recibió un disparo en {body} cuando ayudaba a un herido.",
    "Los heridos fueron llevados al hospital regional, donde faltaban medicinas.",
    "El gas lacrimógeno alcanzó las viviendas cercanas a {spot}.",
    "Las familias denunciaron que no se permitió la atención médica de los detenidos.",
    "La fiscalía no acudió a la comisaría para verificar el estado de los detenidos.",
    "Hubo cortes de luz y de internet durante la intervención.",
    "Periodistas locales fueron amenazados y se les quitó sus celulares.",
    "Según la defensoría, la movilización era pacífica hasta la llegada de {force}.",
    "Se hallaron casquillos de bala en {spot} al día siguiente.",
    "Los dirigentes {name} y {name2} fueron denunciados por disturbios.",
)
TESTIMONY_SENTENCES = (
    "Yo estaba en {spot} {hour} cuando llegaron {force}.",
    "Empezaron a tirar {weapon} sin ningún aviso, la gente corría por todos lados.",
    "A {relative} {name} le dispararon en {body}, cayó al suelo y no podía levantarse.",
    "Lo cargamos entre varios hasta la posta, pero no había médico.",
    "En el hospital nos dijeron que el proyectil seguía dentro de {body}.",
    "{Force} golpearon a los que estaban sentados en la pista.",
    "Vi cómo se llevaron detenidos a {n} jóvenes, entre ellos a {name}.",
    "En la comisaría no nos dejaron verlos ni nos dijeron de qué los acusaban.",
    "Después vinieron a mi casa preguntando por {name} y nos amenazaron.",
    "Teníamos miedo de denunciar porque decían que éramos terroristas.",
    "El humo del gas entraba a las casas y los niños lloraban.",
    "Al día siguiente encontramos casquillos de bala cerca de {spot}.",
    "Nosotros solo reclamábamos, la marcha era pacífica.",
    "La fiscal llegó recién en la noche y no quiso recibir nuestra denuncia.",
    "{relative_cap} sigue mal, no puede trabajar en la chacra desde ese día.",
    "Queremos justicia para {name} y para todas las víctimas de {place}.",
    "Éramos de la comunidad de {community}, vinimos caminando desde temprano.",
    "Un policía me apuntó con su arma y me dijo que me fuera.",
    "Nadie de las autoridades vino a preguntar por los heridos.",
    "Yo grabé con mi celular, pero me quitaron el teléfono.",
)
NOTES = (
    "", "", "", "Entrevista realizada con apoyo de intérprete.",
    "La testigo pidió que no se publique su nombre.", "Se adjuntan fotos de las lesiones.",
    "Pendiente contrastar con el informe médico.", "Testimonio recogido en su domicilio.",
)
COMMUNITIES = (
    "Ccollpa", "Huayllapata", "Chillihuani", "Pucará", "Santa Rosa", "Llallimayo",
    "Qolqe Punku", "Ayaviri", "Chumbivilcas", "Antaccocha", "Huancané", "Ilave",
)


def _uuid(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


class Generator:
    """Seeded source of raw incident, person and testimony fields."""

    def __init__(self, seed: int = 20230109) -> None:
        self.rng = random.Random(seed)
        districts = gazetteer().districts()
        self.hot = [d for d in districts if d.department_code in HOTSPOTS]
        self.other = [d for d in districts if d.department_code not in HOTSPOTS]
        self.violations = vocabulary("violations").codes()
        self.perpetrators = vocabulary("perpetrators").codes()
        self.first_day = date(2020, 11, 9)
        self.span_days = (date(2024, 12, 31) - self.first_day).days

    # -- pieces ------------------------------------------------------------------
    def new_id(self) -> str:
        """Return a reproducible random UUID (version 4 layout)."""
        return _uuid(self.rng)

    def name(self) -> str:
        """Return an invented full name: given name and two surnames."""
        r = self.rng
        return f"{r.choice(GIVEN_NAMES)} {r.choice(SURNAMES)} {r.choice(SURNAMES)}"

    def district(self) -> Place:
        """Return a real district, most often from the southern Andes hotspots."""
        pool = self.hot if self.rng.random() < 0.8 else self.other
        return self.rng.choice(pool)

    def day(self) -> date:
        """Return a day between the November 2020 and the 2022-2024 protests."""
        return self.first_day + timedelta(days=self.rng.randrange(self.span_days))

    def _fill(self, template: str, place: Place) -> str:
        r = self.rng
        force = r.choice(FORCES)
        relative = r.choice(RELATIVES)
        return template.format(
            spot=r.choice(SPOTS), hour=r.choice(HOURS), force=force,
            Force=force[0].upper() + force[1:], weapon=r.choice(WEAPONS),
            body=r.choice(BODY), n=r.randint(2, 40), name=self.name(), name2=self.name(),
            relative=relative, relative_cap=relative[0].upper() + relative[1:],
            place=place.name, community=r.choice(COMMUNITIES),
        )

    def _sentence(self, template: str, place: Place) -> str:
        return self._fill(template, place).replace(" de el ", " del ").replace(" a el ", " al ")

    def _text(self, sentences: tuple[str, ...], low: int, high: int, place: Place) -> str:
        count = self.rng.randint(low, high)
        return " ".join(self._sentence(s, place) for s in self.rng.choices(sentences, k=count))

    # -- records -----------------------------------------------------------------
    def incident(self) -> dict[str, Any]:
        """Return the raw fields of one incident."""
        r = self.rng
        place = self.district()
        day = self.day()
        roll = r.random()
        if roll < 0.75:
            occurred = {"text": day.isoformat()}
        elif roll < 0.9:
            occurred = {"text": day.strftime("%Y-%m")}
        else:
            occurred = {"text": "~" + day.isoformat()}
        return {
            "title": f"{r.choice(EVENTS)} en {place.name}",
            "occurred": occurred,
            "place": {"ubigeo": place.code, "text": r.choice(SPOTS)},
            "violations": r.sample(self.violations, r.randint(1, 3)),
            "perpetrators": r.sample(self.perpetrators, r.randint(1, 2)),
            "killed": r.choice((0, 0, 0, 0, 0, 0, 1, 2)),
            "injured": r.choice((0, 0, 1, 2, 3, 5, 8, 12, 30)),
            "detained": r.choice((0, 0, 0, 1, 2, 4, 10, 25)),
            "narrative": self._text(INCIDENT_SENTENCES, 3, 7, place),
            "status": r.choice(("draft", "draft", "reviewed")),
        }

    def person(self) -> dict[str, Any]:
        """Return the raw fields of one person (a witness)."""
        r = self.rng
        people = r.choice(("Quechua", "Quechua", "Aimara", "", ""))
        return {
            "full_name": self.name(),
            "pseudonym": r.choice(("", "", "", "Testigo " + str(r.randint(1, 999)))),
            "sex_gender": r.choice(("female", "male", "male", "unknown")),
            "age": r.choice((None, r.randint(16, 80))),
            "community": "Comunidad campesina de " + r.choice(COMMUNITIES),
            "indigenous_people": people,
            "languages": ["es", "qu"] if people == "Quechua" else
                         (["es", "ay"] if people == "Aimara" else ["es"]),
            "roles": r.sample(("victim", "witness", "family_member"), r.randint(1, 2)),
            "consent": r.choice(("internal", "partners", "legal")),
        }

    def testimony(self, witness: str, incidents: list[str]) -> dict[str, Any]:
        """Return the raw fields of one testimony by ``witness`` about ``incidents``."""
        r = self.rng
        place = self.district()
        return {
            "incidents": incidents,
            "witness": witness,
            "interviewer": self.name(),
            "recorded_date": self.day().isoformat(),
            "recorded_place": {"ubigeo": place.code, "text": ""},
            "language": r.choice(("es", "es", "es", "qu", "ay")),
            "consent": r.choice(("internal", "partners", "legal", "public")),
            "transcript": self._text(TESTIMONY_SENTENCES, 6, 16, place),
            "translation": "",
            "notes": r.choice(NOTES),
        }

    # -- queries -----------------------------------------------------------------
    def queries(self, count: int = 200) -> list[str]:
        """Return ``count`` search queries a documenter would type.

        About a third are surnames, a third places, a third topic words; a third of all
        are two-word queries; accented and accent-free spellings both occur.
        """
        r = self.rng
        places = sorted({d.name for d in r.sample(self.hot, 60)} | {
            "Apurímac", "Ayacucho", "Puno", "Juliaca", "Andahuaylas", "Cusco", "Huamanga",
            "Chumbivilcas", "Ilave", "Arequipa"})
        topics = (
            "perdigones", "lacrimógena", "lacrimogenas", "comisaría", "comisaria",
            "detenidos", "disparo", "hospital", "casquillos", "aeropuerto", "fiscal",
            "terroristas", "celular", "posta", "golpearon", "puente", "amenazaron",
            "abdomen", "cabeza", "DINOES", "serenazgo", "encapuchados", "chacra", "justicia",
            "médico", "medico", "periodistas", "defensoría", "paro", "bloqueaba",
        )
        out: list[str] = []
        for i in range(count):
            pick = i % 3
            if pick == 0:
                word = r.choice(SURNAMES)
            elif pick == 1:
                word = r.choice(places)
            else:
                word = r.choice(topics)
            word = _spelling(r, word)
            if r.random() < 1 / 3:
                second = r.choice((r.choice(SURNAMES), r.choice(places), r.choice(topics)))
                word = f"{word} {_spelling(r, second)}"
            out.append(word)
        return out


def _spelling(rng: random.Random, word: str) -> str:
    """Return ``word`` as typed: as written, lower-case, or without its accents."""
    roll = rng.random()
    if roll < 0.4:
        return word.lower()
    if roll < 0.7:
        return word.lower().translate(_PLAIN)
    return word


_PLAIN = str.maketrans("áéíóúüñÁÉÍÓÚÜÑ", "aeiouunAEIOUUN")
