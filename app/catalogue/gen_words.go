package catalogue

// genProduct is a product or service the generator may give an enterprise, with its UNSPSC family.
type genProduct struct {
	name   string
	unspsc string
}

// genSector holds the vocabulary the generator uses for one sector: name heads ("Traiteur")
// and products. Words are ordinary French; no real enterprise is named.
type genSector struct {
	code     string
	heads    []string
	products []genProduct
}

var genSectors = []genSector{
	{"alimentation", []string{"Traiteur", "Cuisine collective", "Café-coop", "Boulangerie", "Marché solidaire", "Cuisines"},
		[]genProduct{{"Service de traiteur", "90100000"}, {"Repas préparés", "50190000"}, {"Boîtes à lunch", "90100000"},
			{"Produits maraîchers", "50400000"}, {"Pains et pâtisseries", "50180000"}, {"Café et collations", "50200000"},
			{"Cafétéria", "90100000"}, {"Conserves artisanales", "50190000"}}},
	{"entretien", []string{"Entretien", "Services d'entretien", "Conciergerie", "Nettoyage", "Buanderie"},
		[]genProduct{{"Entretien ménager commercial", "76110000"}, {"Conciergerie", "76110000"}, {"Nettoyage de vitres", "76110000"},
			{"Désinfection", "76110000"}, {"Entretien de planchers", "76110000"}, {"Buanderie", "47110000"},
			{"Lavage de tapis", "76110000"}}},
	{"environnement", []string{"Ressourcerie", "Recyclage", "Écocentre", "Récupération", "Friperie"},
		[]genProduct{{"Collecte d'encombrants", "76120000"}, {"Récupération de meubles", "76120000"}, {"Compostage", "76120000"},
			{"Collecte de textiles", "76120000"}, {"Vente de biens usagés", "76120000"}, {"Sensibilisation environnementale", "77100000"},
			{"Recyclage de matériaux", "11140000"}}},
	{"amenagement", []string{"Jardins", "Aménagement", "Paysagement", "Entretien extérieur", "Horticulture"},
		[]genProduct{{"Aménagement paysager", "70110000"}, {"Tonte de gazon", "70110000"}, {"Déneigement", "72100000"},
			{"Plantation d'arbres", "70150000"}, {"Entretien de parcs", "70110000"}, {"Horticulture", "70110000"},
			{"Entretien de sentiers", "70110000"}}},
	{"communication", []string{"Imprimerie", "Atelier graphique", "Communications", "Studio", "Médias"},
		[]genProduct{{"Impression numérique", "82120000"}, {"Graphisme", "82140000"}, {"Production vidéo", "82130000"},
			{"Photographie", "82130000"}, {"Rédaction", "82110000"}, {"Affiches et dépliants", "55100000"},
			{"Gestion des médias sociaux", "80140000"}}},
	{"informatique", []string{"Informatique", "Techno", "Réemploi informatique", "Numérique"},
		[]genProduct{{"Ordinateurs reconditionnés", "43210000"}, {"Soutien informatique", "81110000"}, {"Réparation informatique", "81110000"},
			{"Développement web", "81110000"}, {"Logiciels libres", "43230000"}, {"Formation numérique", "86100000"}}},
	{"services_entreprises", []string{"Services", "Bureau", "Conseil", "Solutions", "Atelier"},
		[]genProduct{{"Tenue de livres", "84110000"}, {"Service de paie", "84110000"}, {"Traduction", "82110000"},
			{"Services administratifs", "80160000"}, {"Couture industrielle", "91100000"}, {"Assemblage et emballage", "78120000"},
			{"Consultation en gestion", "80100000"}}},
	{"culture_loisirs", []string{"Centre culturel", "Théâtre", "Base de plein air", "Maison de la culture", "Camp"},
		[]genProduct{{"Location de salle", "90110000"}, {"Spectacles", "90130000"}, {"Camp de jour", "90150000"},
			{"Activités de plein air", "90150000"}, {"Animation d'événements", "90150000"}, {"Hébergement de groupe", "90110000"},
			{"Visites guidées", "90120000"}}},
	{"transport", []string{"Transport", "Déménagement", "Messagerie", "Transport adapté", "Navette"},
		[]genProduct{{"Transport adapté", "78110000"}, {"Transport de personnes", "78110000"}, {"Déménagement", "78100000"},
			{"Livraison locale", "78100000"}, {"Entreposage", "78130000"}, {"Transport collectif", "78110000"}}},
	{"construction", []string{"Rénovation", "Ébénisterie", "Menuiserie", "Habitat", "Ateliers"},
		[]genProduct{{"Rénovation résidentielle", "72100000"}, {"Menuiserie", "72100000"}, {"Mobilier de bureau", "56110000"},
			{"Meubles en bois", "56100000"}, {"Peinture", "72100000"}, {"Enseignes", "55120000"}, {"Petits travaux d'entretien", "72100000"}}},
	{"services_personnes", []string{"Aide à domicile", "Centre de formation", "Services à domicile", "Maison", "Entraide"},
		[]genProduct{{"Aide à domicile", "91110000"}, {"Entretien ménager résidentiel", "91110000"}, {"Formation en entreprise", "86100000"},
			{"Insertion socioprofessionnelle", "86100000"}, {"Services funéraires", "91110000"}, {"Popote roulante", "93140000"},
			{"Garde d'enfants", "93140000"}}},
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
