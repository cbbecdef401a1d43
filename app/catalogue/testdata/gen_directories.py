#!/usr/bin/env python3
"""Writes the fixtures of the directory imports (issue 10): a regional pôle's directory of 373 rows and a
Registraire des entreprises (REQ) extract of the same region, in the shapes real files come in. Every
enterprise is fictional; the municipalities, MRCs and postal-code areas are the real ones of the Mauricie
(MAMH, Répertoire des municipalités, June 2025). Deterministic: run it again and the files are the same.

  python3 gen_directories.py   # from app/catalogue/testdata; writes pole_mauricie.csv, req_mauricie.csv and
                               # directories_expected.json (what the tests expect of them)
"""
import csv, io, json, random

rng = random.Random(20261123)

# name, MRC as a pôle's "Territoire" column writes it, town hall postal code (its FSA is real), weight
PLACES = [
    ("Trois-Rivières", "Trois-Rivières", "G9A5H3", 30), ("Shawinigan", "Shawinigan", "G9N6V3", 18),
    ("La Tuque", "Haut-Saint-Maurice", "G9X1L5", 6), ("Louiseville", "Maskinongé", "J5V1J6", 5),
    ("Saint-Tite", "Mékinac", "G0X3H0", 4), ("Sainte-Thècle", "Mékinac", "G0X3G0", 2),
    ("Saint-Boniface", "Maskinongé", "G0X2L0", 3), ("Yamachiche", "Maskinongé", "G0X3L0", 2),
    ("Saint-Alexis-des-Monts", "Maskinongé", "J0K1V0", 2), ("Saint-Paulin", "Maskinongé", "J0K3G0", 1),
    ("Saint-Étienne-des-Grès", "Maskinongé", "G0X2P0", 2), ("Notre-Dame-du-Mont-Carmel", "Les Chenaux", "G0X3J0", 2),
    ("Champlain", "Les Chenaux", "G0X1C0", 1), ("Batiscan", "Les Chenaux", "G0X1A0", 1),
    ("Sainte-Geneviève-de-Batiscan", "Les Chenaux", "G0X2R0", 1), ("Saint-Luc-de-Vincennes", "Les Chenaux", "G0X3K0", 1),
    ("Saint-Narcisse", "Les Chenaux", "G0X2Y0", 1), ("Sainte-Anne-de-la-Pérade", "Les Chenaux", "G0X2J0", 2),
    ("Saint-Stanislas", "Les Chenaux", "G0X3E0", 1), ("Saint-Adelphe", "Mékinac", "G0X2G0", 1),
    ("Lac-aux-Sables", "Mékinac", "G0X1M0", 1), ("Hérouxville", "Mékinac", "G0X1J0", 1),
    ("Grandes-Piles", "Mékinac", "G0X1H0", 1), ("Saint-Roch-de-Mékinac", "Mékinac", "G0X2E0", 1),
    ("Notre-Dame-de-Montauban", "Mékinac", "G0X1W0", 1), ("Saint-Séverin", "Mékinac", "G0X2B0", 1),
    ("Saint-Élie-de-Caxton", "Maskinongé", "G0X2N0", 2), ("Saint-Mathieu-du-Parc", "Maskinongé", "G0X1N0", 1),
    ("Charette", "Maskinongé", "G0X1E0", 1), ("Saint-Barnabé", "Maskinongé", "G0X2K0", 1),
    ("Saint-Léon-le-Grand", "Maskinongé", "J0K2W0", 1), ("Sainte-Angèle-de-Prémont", "Maskinongé", "J0K1R0", 1),
    ("Saint-Justin", "Maskinongé", "J0K2V0", 1), ("Maskinongé", "Maskinongé", "J0K1N0", 1),
    ("Sainte-Ursule", "Maskinongé", "J0K3M0", 1), ("Saint-Maurice", "Les Chenaux", "G0X2X0", 1),
]
TOWNS = [p for p in PLACES for _ in range(p[3])]
BIG = [p for p in PLACES if p[3] >= 2]

FANCY = ["Le Tournesol", "La Ruche", "Le Phare", "L'Arche", "Le Havre", "La Sève", "Le Pont", "L'Envol",
         "Le Fil d'Ariane", "La Source", "Le Rucher", "La Passerelle", "Le Grenier", "L'Entre-Deux", "Le Sillon",
         "La Bouffée d'air", "Le Carrefour", "L'Éclaircie", "Le Grand Héron", "La Boussole", "Le Tremplin",
         "L'Accalmie", "La Chrysalide", "L'Escale", "Le Nid", "La Clé des champs", "Le Relais", "La Maison Bleue",
         "Le Coffre à jouets", "La Girouette", "Les Petits Explorateurs", "La Marelle", "Le Cerf-volant",
         "La Fourmilière", "Le Coquelicot", "Les Trois Pommes", "La Courte Échelle", "Le Sablier", "La Luciole",
         "Le Campanile", "La Sittelle", "Le Pic-bois", "La Mésange", "Le Huard", "La Pruche", "L'Érablière",
         "Le Moulin", "La Seigneurie", "Les Berges", "La Batiscan", "Le Saint-Maurice", "La Rivière-aux-Sables",
         "Les Forges", "Le Vieux-Presbytère", "La Traverse", "Le Boisé", "L'Orée", "La Grange", "Le Verger"]
STREETS = ["rue Notre-Dame", "rue des Forges", "boulevard des Récollets", "rue Saint-Paul", "avenue de la Station",
           "rue Principale", "rue Saint-Jacques", "boulevard du Saint-Maurice", "rue Laviolette", "5e Rue de la Pointe",
           "rue Bonaventure", "chemin du Lac", "rang Saint-Joseph", "rue de l'Église", "route 153", "rue Champlain"]
KINDS = [  # (pattern, per town?, sector, products, REQ code, REQ activity)
    ("Centre d'action bénévole de {place}", True, "Services aux personnes", "APE", "Organismes de services sociaux"),
    ("Maison des jeunes de {place}", True, "Loisirs et culture", "APE", "Associations de personnes"),
    ("Coopérative de solidarité santé de {place}", True, "Santé", "COP", "Services de santé"),
    ("Popote roulante de {place}", True, "Alimentation", "APE", "Organismes de services sociaux"),
    ("Carrefour jeunesse-emploi {place}", True, "Emploi et formation", "APE", "Services d'emploi"),
    ("Corporation de développement communautaire de {place}", True, "Services aux organismes", "APE", "Associations civiques et amicales"),
    ("Service d'aide domestique de {place}", True, "Services aux personnes", "APE", "Services à domicile"),
    ("Marché public de {place}", True, "Alimentation", "COP", "Commerce de détail d'aliments"),
    ("Association des personnes handicapées de {place}", True, "Services aux personnes", "APE", "Organismes de services sociaux"),
    ("Comité des loisirs de {place}", True, "Loisirs et culture", "APE", "Clubs sportifs et de loisirs"),
    ("CPE {fancy}", False, "Services de garde", "APE", "Services de garde d'enfants"),
    ("Friperie {fancy}", False, "Friperie et récupération", "APE", "Commerce de détail de marchandises d'occasion"),
    ("Ressourcerie {fancy}", False, "Friperie et récupération", "APE", "Récupération de matières"),
    ("Comptoir alimentaire {fancy}", False, "Alimentation", "APE", "Organismes de bienfaisance"),
    ("Cuisines collectives {fancy}", False, "Alimentation", "APE", "Organismes de services sociaux"),
    ("Centre de femmes {fancy}", False, "Services aux personnes", "APE", "Organismes de services sociaux"),
    ("Coopérative d'habitation {fancy}", False, "Habitation", "COP", "Logement social"),
    ("Coopérative de travail {fancy}", False, "Services aux entreprises", "COP", "Services administratifs"),
    ("Théâtre {fancy}", False, "Loisirs et culture", "APE", "Arts de la scène"),
    ("Atelier {fancy}", False, "Emploi et formation", "APE", "Entreprises d'insertion"),
    ("Base de plein air {fancy}", False, "Loisirs et culture", "APE", "Clubs sportifs et de loisirs"),
    ("Coopérative forestière {fancy}", False, "Environnement", "COP", "Exploitation forestière"),
]
PRODUCTS = {
    "Services aux personnes": ["Accompagnement transport", "Aide à domicile", "Entretien ménager résidentiel", "Répit aux proches aidants"],
    "Loisirs et culture": ["Animation", "Activités jeunesse", "Location de salle", "Spectacles"],
    "Santé": ["Soins infirmiers", "Clinique médicale", "Prélèvements"],
    "Alimentation": ["Repas livrés", "Traiteur", "Épicerie solidaire", "Boîtes à lunch"],
    "Emploi et formation": ["Insertion en emploi", "Formation", "Sous-traitance industrielle"],
    "Services aux organismes": ["Concertation", "Prêt de salles", "Formation des bénévoles"],
    "Services de garde": ["Garde éducative", "Halte-garderie"],
    "Friperie et récupération": ["Vêtements usagés", "Meubles usagés", "Collecte d'encombrants", "Tri de textiles"],
    "Habitation": ["Logement abordable"],
    "Services aux entreprises": ["Tenue de livres", "Graphisme", "Impression"],
    "Environnement": ["Aménagement forestier", "Reboisement", "Déneigement"],
}
MESSY_PLACE = {  # how the pôle writes some places
    "Trois-Rivières": ["Trois-Rivières", "Trois-Rivières", "Trois-Rivieres", "TROIS-RIVIÈRES", "Trois Rivières"],
    "Shawinigan": ["Shawinigan", "Shawinigan", "shawinigan", "SHAWINIGAN"],
    "Saint-Tite": ["Saint-Tite", "St-Tite"], "Sainte-Thècle": ["Sainte-Thècle", "Ste-Thècle"],
    "Saint-Boniface": ["Saint-Boniface", "St-Boniface"], "Saint-Étienne-des-Grès": ["Saint-Étienne-des-Grès", "St-Étienne-des-Grès"],
}


def postal(base):
    digits, letters = "0123456789", "ABCEGHJKLMNPRSTVWXYZ"
    return "%s %s%s%s" % (base[:3], rng.choice(digits), rng.choice(letters), rng.choice(digits))


def website(name):
    slug = "".join(c for c in name.lower().replace("é", "e").replace("è", "e").replace("ê", "e").replace("à", "a")
                   .replace("ô", "o").replace("ç", "c").replace("'", "").replace("î", "i") if c.isalnum())[:24]
    return rng.choice(["www.%s.org", "http://www.%s.ca", "%s.com", "https://%s.org/", "www.%s.qc.ca"]) % slug


def build_enterprises():
    out, seen = [], set()
    for pattern, per_town, sector, code, activity in KINDS:
        towns = BIG if per_town else None
        count = len(towns) if per_town else 20
        for i in range(count):
            place = towns[i] if per_town else rng.choice(TOWNS)
            name = pattern.format(place=place[0], fancy=rng.choice(FANCY))
            key = (name, place[0])
            if key in seen:
                continue
            seen.add(key)
            out.append({"name": name, "place": place, "sector": sector, "code": code, "activity": activity})
    rng.shuffle(out)
    return out


def pole_rows(ents):
    rows = []
    for e in ents[:363]:
        place = e["place"]
        written = rng.choice(MESSY_PLACE.get(place[0], [place[0]]))
        rows.append({"NomEntreprise": e["name"], "Adresse": "%d, %s" % (rng.randint(10, 4999), rng.choice(STREETS)),
                     "Municipalite": written, "CodePostal": postal(place[2]), "Territoire": place[1],
                     "SiteWeb": website(e["name"]) if rng.random() < 0.6 else "", "_ent": e})
    # Places written as the Canada Post / older directories still write them (merged since): they resolve.
    for former, today in [("Cap-de-la-Madeleine", "Trois-Rivières"), ("Grand-Mère", "Shawinigan"), ("Shawinigan-Sud", "Shawinigan"),
                          ("Pointe-du-Lac", "Trois-Rivières")]:
        r = next(r for r in rows if r["_ent"]["place"][0] == today and "_former" not in r)
        r["Municipalite"], r["_former"] = former, True
    # Five problem rows: municipalities that do not exist or are misspelt beyond reading, and one bad postal code.
    problems = [("Centre de femmes L'Héritage", "Saint-Louis-de-Champlain", "G0X 2A0"),
                ("Friperie Le Bas de laine", "Shawinigann", "G9N 1A1"),
                ("Atelier Le Tisserand", "Trois Rivière Ouestt", "G9A 1B2"),
                ("Maison de la famille Mékinac", "Saint-Jean-des-Pilles", "G0X 3H0"),
                ("Théâtre des Marionnettes", "Springfield", "G9A 2C3")]
    for name, muni, pc in problems:
        rows.append({"NomEntreprise": name, "Adresse": "12, rue Principale", "Municipalite": muni, "CodePostal": pc,
                     "Territoire": "", "SiteWeb": "", "_error": "municipality"})
    rows.append({"NomEntreprise": "Cuisines collectives Le Bon Goût", "Adresse": "80, rue Hart", "Municipalite": "Trois-Rivières",
                 "CodePostal": "G9A 5H", "Territoire": "Trois-Rivières", "SiteWeb": "", "_error": "postal_code"})
    # The same health co-op twice, under two spellings.
    rows.append({"NomEntreprise": "Coop Solidarité Santé Saint-Narcisse", "Adresse": "351, rue Notre-Dame",
                 "Municipalite": "Saint-Narcisse", "CodePostal": "G0X 2Y0", "Territoire": "Les Chenaux", "SiteWeb": "", "_coop": 1})
    rows.append({"NomEntreprise": "Coop de solidarité santé de St-Narcisse", "Adresse": "351, rue Notre-Dame",
                 "Municipalite": "St-Narcisse", "CodePostal": "G0X 2Y0", "Territoire": "Les Chenaux", "SiteWeb": "", "_coop": 2})
    rng.shuffle(rows)
    # Two rows repeated word for word further down.
    for src, at in ((40, 200), (77, 300)):
        rows.insert(at, dict(rows[src], _repeat=True))
    assert len(rows) == 373, len(rows)
    return rows


def neq(used):
    while True:
        n = "11%08d" % rng.randrange(10**8)
        if n not in used:
            used.add(n)
            return n


def req_rows(pole, ents):
    used, rows = set(), []
    req_place = lambda p: rng.choice(["%s (Québec)" % p.upper(), "%s (QUÉBEC)" % p.upper(), "%s (Québec)" % p])
    abbrev = lambda p: p.replace("Saint-", "St-").replace("Sainte-", "Ste-")
    matched = [r for r in pole if "_ent" in r and "_former" not in r and "_repeat" not in r][:172]
    for r in matched:  # the pôle's enterprises, as the Registraire writes them
        e = r["_ent"]
        name = e["name"].upper()
        if rng.random() < 0.3:
            name += " INC."
        muni = req_place(abbrev(e["place"][0]) if rng.random() < 0.3 else e["place"][0])
        addr3 = ""
        street = r["Adresse"].upper()
        if rng.random() < 0.08:
            street, addr3 = "C.P. %d" % rng.randint(1, 999), ""
        elif rng.random() < 0.05:
            muni = "C.P. %d, %s" % (rng.randint(1, 999), muni)
        rows.append({"NEQ": neq(used), "NomEntreprise": name, "Adresse": street, "Municipalite": muni, "Adresse_Lign3": addr3,
                     "CodePostal": r["CodePostal"].replace(" ", ""), "SecteurActivite": e["activity"], "FormeJuridique": e["code"],
                     "_pole": r["NomEntreprise"]})
    others = [("CLUB DE L'ÂGE D'OR DE {P}", "APE", "Associations de personnes"), ("CLUB OPTIMISTE DE {P}", "APE", "Associations civiques et amicales"),
              ("SOCIÉTÉ D'HISTOIRE DE {P}", "APE", "Associations de personnes"), ("CORPORATION DES LOISIRS DE {P}", "APE", "Clubs sportifs et de loisirs"),
              ("CERCLE DE FERMIÈRES DE {P}", "ASS", "Associations de personnes"), ("CLUB DE MOTONEIGE {F}", "APE", "Clubs sportifs et de loisirs"),
              ("ASSOCIATION DES PROPRIÉTAIRES DU LAC {F}", "APE", "Associations civiques et amicales"),
              ("FONDATION {F}", "APE", "Organismes de bienfaisance"), ("COOPÉRATIVE D'HABITATION {F} DE {P}", "COP", "Logement social"),
              ("COOPÉRATIVE AGRICOLE {F}", "COP", "Agriculture"), ("CHORALE {F}", "ASS", "Arts de la scène"),
              ("CLUB DE PATINAGE ARTISTIQUE DE {P}", "APE", "Clubs sportifs et de loisirs"), ("LIGUE DE QUILLES {F}", "ASS", "Clubs sportifs et de loisirs"),
              ("MUTUELLE D'ASSURANCE {F}", "SMU", "Assurances"), ("CENTRE COMMUNAUTAIRE {F} DE {P}", "PMSBL", "Associations de personnes")]
    seen = set()
    pole_words = {}  # the distinctive words the pôle's names use in each town: another enterprise takes others
    for r in pole:
        if "_ent" in r:
            pole_words.setdefault(r["_ent"]["place"][0], set()).update(f for f in FANCY if f in r["NomEntreprise"])
    while len(rows) < 640:
        pat, code, act = rng.choice(others)
        place = rng.choice(TOWNS)
        fancy = rng.choice(FANCY)
        if fancy in pole_words.get(place[0], ()):
            continue
        fancy = fancy.upper()
        name = pat.format(P=place[0].upper(), F=fancy)
        if (name, place[0]) in seen:
            continue
        seen.add((name, place[0]))
        muni = req_place(abbrev(place[0]) if rng.random() < 0.25 else place[0])
        street, addr3 = "%d, %s" % (rng.randint(10, 4999), rng.choice(STREETS).upper()), ""
        if rng.random() < 0.08:
            street = "C.P. %d" % rng.randint(1, 999)
        if rng.random() < 0.05:
            addr3 = "BUREAU %d" % rng.randint(100, 400)
        rows.append({"NEQ": neq(used), "NomEntreprise": name, "Adresse": street, "Municipalite": muni, "Adresse_Lign3": addr3,
                     "CodePostal": postal(place[2]).replace(" ", ""), "SecteurActivite": act, "FormeJuridique": code})
    # Rows the catalogue must refuse: a business's form, a NEQ of 9 digits, a place that is not one.
    rows.append({"NEQ": neq(used), "NomEntreprise": "DÉNEIGEMENT GAGNON ET FILS S.E.N.C.", "Adresse": "45, RANG SAINT-JOSEPH",
                 "Municipalite": "SAINT-TITE (QUÉBEC)", "Adresse_Lign3": "", "CodePostal": "G0X3H0", "SecteurActivite": "Déneigement",
                 "FormeJuridique": "SENC", "_error": "legal_form"})
    rows.append({"NEQ": "114556677", "NomEntreprise": "CLUB DE CURLING LAVIOLETTE", "Adresse": "2100, RUE LAVIOLETTE",
                 "Municipalite": "TROIS-RIVIÈRES (QUÉBEC)", "Adresse_Lign3": "", "CodePostal": "G9A1X2", "SecteurActivite": "Clubs sportifs et de loisirs",
                 "FormeJuridique": "APE", "_error": "neq"})
    rows.append({"NEQ": neq(used), "NomEntreprise": "SOCIÉTÉ DE GÉNÉALOGIE DU CENTRE", "Adresse": "C.P. 12",
                 "Municipalite": "HAUTE-MAURICIE (QUÉBEC)", "Adresse_Lign3": "", "CodePostal": "G9X1L5", "SecteurActivite": "Associations de personnes",
                 "FormeJuridique": "APE", "_error": "municipality"})
    rng.shuffle(rows)
    for r in rows:
        r["lat"] = "%.6f" % (46.35 + rng.uniform(-0.4, 0.6))
        r["long"] = "%.6f" % (-72.55 + rng.uniform(-0.6, 0.6))
    return rows


def write(path, header, rows, bom=False):
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(header)
    for r in rows:
        w.writerow([r.get(h, "") for h in header])
    with open(path, "w", encoding="utf-8-sig" if bom else "utf-8", newline="") as f:
        f.write(buf.getvalue())


def main():
    ents = build_enterprises()
    pole = pole_rows(ents)
    write("pole_mauricie.csv", ["NomEntreprise", "Adresse", "Municipalite", "CodePostal", "Territoire", "SiteWeb"], pole, bom=True)
    req = req_rows(pole, ents)
    write("req_mauricie.csv", ["NEQ", "NomEntreprise", "Adresse", "Municipalite", "Adresse_Lign3", "CodePostal", "SecteurActivite",
                               "FormeJuridique", "lat", "long"], req)
    lines = lambda rows, key: [i + 2 for i, r in enumerate(rows) if key in r]
    expected = {
        "pole_rows": len(pole), "pole_error_lines": lines(pole, "_error"), "pole_repeat_lines": lines(pole, "_repeat"),
        "pole_coop_lines": lines(pole, "_coop"), "pole_former_lines": lines(pole, "_former"),
        "req_rows": len(req), "req_error_lines": lines(req, "_error"), "req_pole_matches": len(lines(req, "_pole")),
        "req_matches": {str(i + 2): r["_pole"] for i, r in enumerate(req) if "_pole" in r},
    }
    with open("directories_expected.json", "w", encoding="utf-8") as f:
        json.dump(expected, f, ensure_ascii=False, indent=1)


if __name__ == "__main__":
    main()
