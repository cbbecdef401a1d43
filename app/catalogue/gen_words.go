package catalogue

// genProduct is a product or service the generator may give an enterprise, with its UNSPSC family
// and how common it is among the sector's enterprises (4 most of them offer it, 2 often, 1 a few
// specialists: catering or landscaping are everywhere, office furniture or refurbished computers
// are the trade of a handful of workshops in the whole province).
type genProduct struct {
	name   string
	unspsc string
	common int
}

// genSector holds the vocabulary the generator uses for one sector: its share of the catalogue
// (in percent), name heads ("Traiteur") and products. Words are ordinary French; no real
// enterprise is named.
type genSector struct {
	code     string
	share    int
	heads    []string
	products []genProduct
}

var genSectors = []genSector{
	{"alimentation", 15, []string{"Traiteur", "Cuisine collective", "Café-coop", "Boulangerie", "Marché solidaire", "Cuisines"},
		[]genProduct{{"Service de traiteur", "90100000", 4}, {"Repas préparés", "50190000", 4}, {"Boîtes à lunch", "90100000", 2},
			{"Produits maraîchers", "50400000", 2}, {"Pains et pâtisseries", "50180000", 2}, {"Café et collations", "50200000", 4},
			{"Cafétéria", "90100000", 2}, {"Conserves artisanales", "50190000", 1}}},
	{"entretien", 9, []string{"Entretien", "Services d'entretien", "Conciergerie", "Nettoyage", "Buanderie"},
		[]genProduct{{"Entretien ménager commercial", "76110000", 4}, {"Conciergerie", "76110000", 4}, {"Nettoyage de vitres", "76110000", 2},
			{"Désinfection", "76110000", 2}, {"Entretien de planchers", "76110000", 2}, {"Buanderie", "47110000", 2},
			{"Lavage de tapis", "76110000", 1}}},
	{"environnement", 9, []string{"Ressourcerie", "Recyclage", "Écocentre", "Récupération", "Friperie"},
		[]genProduct{{"Collecte d'encombrants", "76120000", 2}, {"Récupération de meubles", "76120000", 2}, {"Compostage", "76120000", 2},
			{"Collecte de textiles", "76120000", 2}, {"Vente de biens usagés", "76120000", 4}, {"Sensibilisation environnementale", "77100000", 4},
			{"Recyclage de matériaux", "11140000", 1}}},
	{"amenagement", 8, []string{"Jardins", "Aménagement", "Paysagement", "Entretien extérieur", "Horticulture"},
		[]genProduct{{"Aménagement paysager", "70110000", 4}, {"Tonte de gazon", "70110000", 4}, {"Déneigement", "72100000", 4},
			{"Plantation d'arbres", "70150000", 2}, {"Entretien de parcs", "70110000", 2}, {"Horticulture", "70110000", 2},
			{"Entretien de sentiers", "70110000", 1}}},
	{"communication", 7, []string{"Imprimerie", "Atelier graphique", "Communications", "Studio", "Médias"},
		[]genProduct{{"Impression numérique", "82120000", 2}, {"Graphisme", "82140000", 4}, {"Production vidéo", "82130000", 2},
			{"Photographie", "82130000", 2}, {"Rédaction", "82110000", 2}, {"Affiches et dépliants", "55100000", 2},
			{"Gestion des médias sociaux", "80140000", 4}}},
	{"informatique", 2, []string{"Informatique", "Techno", "Réemploi informatique", "Numérique"},
		[]genProduct{{"Ordinateurs reconditionnés", "43210000", 1}, {"Soutien informatique", "81110000", 4}, {"Réparation informatique", "81110000", 2},
			{"Développement web", "81110000", 2}, {"Logiciels libres", "43230000", 1}, {"Formation numérique", "86100000", 4}}},
	{"services_entreprises", 8, []string{"Services", "Bureau", "Conseil", "Solutions", "Atelier"},
		[]genProduct{{"Tenue de livres", "84110000", 2}, {"Service de paie", "84110000", 2}, {"Traduction", "82110000", 1},
			{"Services administratifs", "80160000", 4}, {"Couture industrielle", "91100000", 1}, {"Assemblage et emballage", "78120000", 4},
			{"Consultation en gestion", "80100000", 2}}},
	{"culture_loisirs", 18, []string{"Centre culturel", "Théâtre", "Base de plein air", "Maison de la culture", "Camp"},
		[]genProduct{{"Location de salle", "90110000", 4}, {"Spectacles", "90130000", 4}, {"Camp de jour", "90150000", 2},
			{"Activités de plein air", "90150000", 2}, {"Animation d'événements", "90150000", 4}, {"Hébergement de groupe", "90110000", 1},
			{"Visites guidées", "90120000", 2}}},
	{"transport", 5, []string{"Transport", "Déménagement", "Messagerie", "Transport adapté", "Navette"},
		[]genProduct{{"Transport adapté", "78110000", 4}, {"Transport de personnes", "78110000", 4}, {"Déménagement", "78100000", 2},
			{"Livraison locale", "78100000", 2}, {"Entreposage", "78130000", 1}, {"Transport collectif", "78110000", 2}}},
	{"construction", 3, []string{"Rénovation", "Ébénisterie", "Menuiserie", "Habitat", "Ateliers"},
		[]genProduct{{"Rénovation résidentielle", "72100000", 4}, {"Menuiserie", "72100000", 2}, {"Mobilier de bureau", "56110000", 1},
			{"Meubles en bois", "56100000", 1}, {"Peinture", "72100000", 2}, {"Enseignes", "55120000", 1}, {"Petits travaux d'entretien", "72100000", 4}}},
	{"services_personnes", 16, []string{"Aide à domicile", "Centre de formation", "Services à domicile", "Maison", "Entraide"},
		[]genProduct{{"Aide à domicile", "91110000", 4}, {"Entretien ménager résidentiel", "91110000", 4}, {"Formation en entreprise", "86100000", 1},
			{"Insertion socioprofessionnelle", "86100000", 2}, {"Services funéraires", "91110000", 1}, {"Popote roulante", "93140000", 2},
			{"Garde d'enfants", "93140000", 2}}},
}

// genCores are the distinctive words of generated names, in the style of collective enterprises.
var genCores = []string{
	"Solidaire", "L'Envol", "Le Tournesol", "La Ruche", "Le Pont", "L'Éclaircie", "Horizon", "Boréal", "Le Phare",
	"La Grange", "Trait d'union", "Le Sillon", "La Source", "Les Affluents", "Renaissance", "L'Étape", "Le Relais",
	"La Passerelle", "Osmose", "Écho", "Alliance", "Le Carrefour", "Mosaïque", "Le Coffre", "L'Éveil", "Cap-Nord",
	"Le Fil", "La Bougie", "Le Quai", "La Clairière", "L'Ancrage", "Le Grenier", "La Boussole", "Arc-en-ciel",
	"L'Érablière", "Le Semoir", "La Courtepointe", "Le Rucher", "Le Moulin", "La Fourmilière", "Le Cormoran",
	"La Mésange", "L'Outarde", "Le Huard", "La Pruche", "Le Bouleau", "Le Mélèze", "L'Aurore", "Le Sentier",
	"La Rivière", "Le Fleuve", "La Marée", "Le Rivage", "La Vigne", "Le Verger", "Le Potager", "La Récolte",
}

// genKinds are words names use for the kind of organisation, whatever it does.
var genKinds = []string{"Centre", "Groupe", "Regroupement", "Corporation", "Atelier", "Maison", "Carrefour", "Réseau",
	"Coopérative", "Collectif", "Entreprise d'insertion", "Services"}

var genStreets = []string{"rue Principale", "rue Notre-Dame", "boulevard Saint-Joseph", "rue des Érables", "chemin du Lac",
	"avenue de la Gare", "rue Saint-Jean", "rue de l'Église", "rang Saint-Isidore", "rue Commerciale", "boulevard Laurier",
	"rue du Moulin", "avenue des Pins", "rue King", "route 132", "rue Wellington", "montée Sainte-Marie"}
