"""A demo vault of invented records, for screenshots and trying the window out.

Every name, place detail and statement here is invented; the districts are real INEI
places so that the gazetteer and filters have something to show.
"""

from __future__ import annotations

import io
import os
from pathlib import Path

from PIL import Image, ImageDraw

from willay.core.keys import kdf
from willay.core.media import intake as media
from willay.core.records import service as records
from willay.core.vault.vault import Vault

DEMO_PASSPHRASE = "demo willay 2023 sur andino"

INCIDENTS = [
    ("Disparos en el puente de acceso a Juliaca", "2023-01-09", None, "211101",
     "Puente de acceso, salida a Puno", ["killing", "injury_firearm"], ["pnp"], 4, 23, 0,
     "reviewed",
     "Hacia las 15:00 los efectivos dispararon desde el puente contra las personas que "
     "se habían concentrado en la carretera. Varios testigos vieron caer a cuatro jóvenes."),
    ("Detenciones masivas en la plaza de Ayaviri", "2023-01-14", None, "210801",
     "Plaza de Armas", ["arbitrary_detention", "mass_detention"], ["pnp"], 0, 6, 41, "draft",
     "Al terminar la asamblea comunal, agentes sin identificación detuvieron a 41 personas, "
     "entre ellas dirigentes de comunidades campesinas."),
    ("Gases lacrimógenos en el mercado de Andahuaylas", "2022-12-11", None, "030201",
     "Mercado central", ["tear_gas_misuse", "injury_tear_gas_canister"], ["pnp"], 0, 12, 3,
     "reviewed",
     "Lanzaron bombas lacrimógenas dentro del mercado en horas de venta; una vendedora fue "
     "golpeada por un cartucho en la cabeza."),
    ("Muerte de un estudiante en Huamanga", "2022-12-15", None, "050101",
     "Inmediaciones del aeropuerto", ["killing"], ["army"], 1, 8, 0, "reviewed",
     "Un estudiante de 19 años murió por un impacto de bala en el tórax cuando volvía a su "
     "casa. Sus compañeros lo trasladaron al hospital regional."),
    ("Amenazas a una defensora comunitaria en Ilave", "2023-02", None, "210401",
     "Comunidad de Jachocco", ["threat", "hrd_harassment"], ["unidentified_state_agent"],
     0, 0, 0, "draft",
     "La defensora recibió mensajes anónimos y visitas nocturnas después de declarar ante "
     "la fiscalía."),
    ("Allanamiento sin orden en Chumbivilcas", "2023-03-02", "2023-03-03", "080701",
     "Local de la federación campesina", ["raid_without_warrant", "seizure_of_recordings"],
     ["pnp_intelligence"], 0, 0, 2, "draft",
     "Ingresaron al local de madrugada, se llevaron computadoras y grabaciones de las "
     "asambleas."),
    ("Heridos por perdigones en Macusani", "2023-01-19", None, "210301", "Carretera Interoceánica",
     ["injury_pellets", "excessive_force"], ["pnp_special_operations"], 0, 15, 0, "reviewed",
     "Personas que bloqueaban la vía recibieron disparos de perdigones a corta distancia."),
    ("Detención de periodistas en Cusco", "2023-01-12", None, "080101", "Avenida de la Cultura",
     ["attack_on_journalist", "arbitrary_detention"], ["pnp"], 0, 1, 2, "reviewed",
     "Dos reporteros de una radio local fueron detenidos mientras transmitían en vivo."),
    # The first incident as a second documenter wrote it: a possible duplicate.
    ("Balacera en el puente Añashuayco", "2023-01-10", None, "211101", "Puente Añashuayco",
     ["killing"], ["pnp"], 5, 19, 0, "draft",
     "Según vecinos, la policía disparó desde el puente; murieron cinco personas."),
]

PEOPLE = [
    ("Rosalía Quispe Ccori", "T-01", "female", "Comunidad de Chacas", "Quechua", ["qu", "es"],
     ["witness"], "partners"),
    ("Efraín Mamani Condori", "T-02", "male", "Barrio Santa Adriana", "Aimara", ["ay", "es"],
     ["witness", "family_member"], "legal"),
    ("Nilda Huillca Puma", "T-03", "female", "Mercado central", "Quechua", ["qu", "es"],
     ["victim"], "internal"),
    ("Teodoro Ccahuana Yupanqui", "T-04", "male", "Comunidad de Jachocco", "Aimara",
     ["ay"], ["witness"], "partners"),
    ("Marleni Apaza Chambi", "T-05", "female", "Urbanización La Capilla", "", ["es"],
     ["family_member"], "public"),
    # T-01 as another documenter spelled her name: a possible duplicate.
    ("Rosalia Qhispi", "T-06", "female", "Comunidad de Chacas", "Quechua", ["qu"],
     ["witness"], "partners"),
]

TESTIMONIES = [
    (0, 0, "qu", "partners", "2023-01-12",
     "Chay p'unchawmi chakapi karqani. Policíakunaqa chakamanta disparaspa qallarirqanku, "
     "tawa waynakuna urmarqanku.",
     "Ese día yo estaba en el puente. Los policías empezaron a disparar desde el puente y "
     "cayeron cuatro jóvenes."),
    (1, 1, "es", "legal", "2023-01-16",
     "A mi hermano lo subieron a una camioneta sin placa. Recién al día siguiente supimos "
     "que estaba en la comisaría.", ""),
    (2, 2, "qu", "internal", "2022-12-13",
     "Mercadopi qhatuchkarqani, chaymantataq humokuna hamurqan.",
     "Estaba vendiendo en el mercado y de pronto llegó el humo."),
    (4, 3, "ay", "partners", "2023-02-20",
     "Arumanthi jutapxi, punkuru thuqhupxi.",
     "Vinieron de noche y golpearon la puerta."),
]

PHOTOS = [
    ("puente-juliaca.jpg", (96, 132, 170), (120, 110, 90)),
    ("casquillos.jpg", (150, 140, 120), (70, 60, 40)),
    ("herida-brazo.jpg", (180, 150, 130), (140, 60, 60)),
    ("plaza-ayaviri.jpg", (110, 150, 190), (90, 90, 80)),
    ("certificado.jpg", (235, 232, 220), (60, 60, 60)),
]


def _photo(base: tuple[int, int, int], ground: tuple[int, int, int], index: int) -> bytes:
    """Draw an invented scene (sky, hills, shapes) and return it as a JPEG with EXIF."""
    width, height = 960, 720
    image = Image.new("RGB", (width, height), base)
    draw = ImageDraw.Draw(image)
    for y in range(height // 2):
        shade = tuple(min(255, c + y // 6) for c in base)
        draw.line([(0, y), (width, y)], fill=shade)
    draw.polygon([(0, 420), (220, 250), (430, 390), (640, 230), (960, 400), (960, 720),
                  (0, 720)], fill=ground)
    for n in range(6):
        x = 80 + n * 140 + index * 13
        draw.ellipse([x, 520 - n * 9, x + 60, 560 - n * 9],
                     fill=tuple(max(0, c - 40) for c in ground))
    exif = Image.Exif()
    exif[0x010F] = "Motorola"
    exif[0x0110] = "moto g(8)"
    exif.get_ifd(0x8769)[0x9003] = f"2023:01:{9 + index:02d} 15:{10 + index:02d}:00"
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2] = "S", (15.0, 29.0, float(24 + index))
    gps[3], gps[4] = "W", (70.0, 8.0, 0.0)
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif, quality=85)
    return out.getvalue()


def build_demo_vault(path: Path, scratch: Path) -> Vault:
    """Create and fill a demo vault at ``path``; photos are drawn into ``scratch`` first."""
    params = kdf.KdfParams(kdf.MIN_MEMORY_KIB, kdf.ITERATIONS, kdf.LANES,
                           os.urandom(kdf.SALT_BYTES))
    vault, _code = Vault.create(path, DEMO_PASSPHRASE, "Rosa Huamán Quispe",
                                "Red Sur de Derechos Humanos", kdf_params=params)
    incident_ids: list[str] = []
    with vault.session() as session:
        for (title, occurred, until, ubigeo, place, violations, perpetrators, killed, injured,
             detained, status, narrative) in INCIDENTS:
            incident_ids.append(records.create(session, "incident", {
                "title": title, "occurred": {"text": occurred, "until": until},
                "place": {"ubigeo": ubigeo, "text": place}, "violations": violations,
                "perpetrators": perpetrators, "killed": killed, "injured": injured,
                "detained": detained, "status": status, "narrative": narrative}))
        person_ids = [records.create(session, "person", {
            "full_name": name, "pseudonym": pseudonym, "sex_gender": sex, "community": community,
            "indigenous_people": people, "languages": languages, "roles": roles,
            "consent": consent})
            for name, pseudonym, sex, community, people, languages, roles, consent in PEOPLE]
        for incident, witness, language, consent, recorded, text, translation in TESTIMONIES:
            records.create(session, "testimony", {
                "incidents": [incident_ids[incident]], "witness": person_ids[witness],
                "language": language, "consent": consent, "recorded_date": recorded,
                "interviewer": "R. Huamán", "transcript": text, "translation": translation})
        records.edit(session, incident_ids[0], {"killed": 5})
    scratch.mkdir(parents=True, exist_ok=True)
    files = []
    for index, (name, base, ground) in enumerate(PHOTOS):
        target = scratch / name
        target.write_bytes(_photo(base, ground, index))
        files.append(target)
    media.add_files(vault, incident_ids[0], files[:3])
    media.add_files(vault, incident_ids[1], files[3:])
    return vault
