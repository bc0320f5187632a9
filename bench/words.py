"""Word lists for the benchmark corpus: people, organisations, places, topics.

All written for reader. Real public names appear beside invented ones so that
entity extraction sees both familiar and unseen names; the sentences the
corpus puts around them are invented and say nothing about real people.
"""

# Invented people: first name, surname.
_FICTIONAL = """
Anna Keller; Tomasz Wierzbicki; Lucia Ferrante; Henrik Aalto; Mariam Haddad; Oliver Brandt;
Sofia Marin; Jonas Lindqvist; Amara Okafor; Pierre Delacroix; Greta Holm; Rafael Ortega;
Ingrid Solberg; Mehmet Arslan; Clara Voss; David Okonkwo; Elena Petrescu; Marek Dvorak;
Hana Novakova; Luca Bianchi; Nadia Benali; Felix Hartmann; Zofia Kaminska; Pablo Reyes;
Yuki Tanaka; Samuel Achterberg; Leila Farahani; Viktor Sokolov; Irene Castell; Matteo Greco;
Eva Lindgren; Kwame Mensah; Dana Whitfield; Ruth Abernethy; Tobias Reinholt; Mira Hartmann;
Jonas Richter; Catalina Duarte; Ahmed Said; Beatriz Nunes; Stefan Kovac; Aino Virtanen;
Daniel Mercier; Ilse Vermeulen; Kofi Asante; Martina Sorensen; Gabriel Fontaine; Noor Rahman;
Piotr Zielinski; Laura Montez; Erik Johansen; Fatima Zahra Idrissi; Hugo Lambert; Olga Ivanenko;
Andrei Popescu; Chiara Russo; Benedikt Auer; Sara Lindahl; Tariq Mahmood; Isabel Cordeiro;
Nikos Papadakis; Eleni Georgiou; Adrian Wolff; Jana Horakova; Mikkel Dahl; Rosa Quintero;
Thomas Fairley; Agnes Molnar; Hamid Karimi; Lotte Jansen; Vincent Moreau; Paula Esteban;
Oskar Nilsson; Helena Brooks; Malik Osei; Julia Reinhardt; Kenji Morita; Alice Carrington;
Ravi Menon; Priya Raman; Simon Ashdown; Margaret Kilbride; Ewan Lachlan; Fiona Gallagher;
Declan Moriarty; Siobhan Keane; Lars Eriksen; Maja Kowalczyk; Bogdan Ilic; Vesna Markovic;
Emil Vasilev; Desislava Petrova; Tiago Almeida; Ines Carvalho; Jakub Svoboda; Petra Urbanova;
Gustav Lindeberg; Karin Sjoberg; Milan Hrasko; Zuzana Kralova; Raimonds Ozols; Liga Berzina;
Tomas Vaitkus; Ruta Jankauskaite; Kaarel Tamm; Liis Kask; Matthias Gruber; Sabine Pichler;
Jean-Luc Perrin; Amelie Rousseau; Giorgio Lombardi; Francesca Vitale; Diego Salazar; Camila Rojas;
Arturo Benitez; Valeria Mendoza; Chinedu Eze; Ngozi Adeyemi; Samira Toure; Moussa Diallo;
Hye-jin Park; Min-jun Choi; Wei Zhang; Lin Mei; Arjun Kapoor; Sunita Desai; Omar Nasser;
Rania Khoury; Yosef Adler; Talia Rosen; Ayse Demir; Emre Yilmaz; Dmitri Volkov; Irina Belova;
Nathaniel Price; Grace Holloway; Marcus Delaney; Hannah Whitcombe; Patrick Dunleavy; Aoife Brennan;
Caspar Lindholm; Freya Magnusdottir; Bjorn Halvorsen; Sigrid Aune; Kasper Mortensen; Ida Klausen;
Walter Brenner; Ursula Steinbach; Konrad Albrecht; Leonie Baum; Ruben Dekker; Femke de Boer;
Maarten Claes; Elise Peeters; Arnaud Girard; Celine Marchand; Nicolas Berthier; Manon Lefevre;
Alessandro Conti; Giulia Marchetti; Sergio Pastor; Lorena Ibarra; Joao Ferreira; Marta Sousa;
Viktoria Nemeth; Balazs Farkas; Radu Ionescu; Ioana Dumitru; Luka Horvat; Ana Kovacic;
Arben Krasniqi; Teuta Berisha; Aleksandar Nikolov; Marija Stojanova; Giorgi Beridze; Nino Kapanadze;
Armen Sargsyan; Lusine Hakobyan; Rustam Aliyev; Aigerim Nurlanova; Oleksandr Marchenko; Kateryna Bondar;
Samuel Whitaker; Evelyn Cartwright; Jasper Quinn; Harriet Lowe; Rowan Fletcher; Imogen Sharpe;
Bernard Okello; Wanjiru Kamau; Thabo Nkosi; Lerato Mokoena; Youssef Amrani; Salma Benjelloun;
Carlos Villanueva; Lucia Paredes; Mateus Barbosa; Renata Lima; Hiroshi Sato; Aiko Nakamura;
Quentin Aubry; Solene Fabre; Anders Bergstrom; Linnea Holmberg; Eamon Fitzgerald; Niamh Callaghan
"""

# Real public figures, used only as names in invented sentences.
_REAL = """
Jens Stoltenberg; Sergei Lavrov; Dmitry Peskov; Angela Merkel; Olaf Scholz; Emmanuel Macron;
Boris Johnson; Theresa May; Joe Biden; Vladimir Putin; Ursula von der Leyen; Charles Michel;
Josep Borrell; Annalena Baerbock; Armin Laschet; Christian Lindner; Robert Habeck; Scott Morrison;
Jean-Yves Le Drian; Florence Parly; Andrej Babis; Jan Hamacek; Milos Zeman; Antony Blinken;
Lloyd Austin; Volodymyr Zelensky; Dmytro Kuleba; Sergei Shoigu; Alexei Navalny; Recep Tayyip Erdogan;
Mark Rutte; Pedro Sanchez; Mario Draghi; Justin Trudeau; Jacinda Ardern; Christine Lagarde;
Kristalina Georgieva; Antonio Guterres; Tedros Adhanom Ghebreyesus; Greta Thunberg; Frank-Walter Steinmeier; Markus Soder;
Heiko Maas; Sebastian Kurz; Viktor Orban; Mateusz Morawiecki; Andrzej Duda; Kaja Kallas;
Sanna Marin; Magdalena Andersson; Mette Frederiksen; Jonas Gahr Store; Alexander De Croo; Micheal Martin;
Leo Varadkar; Nicola Sturgeon; Keir Starmer; Rishi Sunak; Liz Truss; Dominic Raab;
Priti Patel; Sajid Javid; Amber Rudd; Kamala Harris; Nancy Pelosi; Janet Yellen;
Jerome Powell; Xi Jinping; Wang Yi; Narendra Modi; Shinzo Abe; Fumio Kishida
"""

def _names(block: str) -> list[str]:
    return [n.strip() for n in block.replace("\n", " ").split(";") if n.strip()]

PEOPLE = _names(_FICTIONAL) + _names(_REAL)

ROLES = """Prime Minister; Foreign Minister; Finance Minister; Health Minister; Interior Minister;
Defence Minister; Energy Minister; Transport Minister; Mayor; Senator; Governor; Professor; Dr;
General; Judge; Commissioner; Ambassador; Deputy Minister; Economy Minister; Education Minister""".replace("\n", " ").split("; ")

DESCRIPTIONS = """a spokesperson for {O}; the head of {O}; a senior official at {O}; chief executive of {O};
an analyst at {O}; a researcher at {O}; a board member of {O}; the chair of {O}; a lawyer for {O};
an adviser to {O}; a former director of {O}; the chief economist at {O}""".replace("\n", " ").split("; ")

ORGS = _names("""
NATO; the European Commission; the European Central Bank; the United Nations; the World Health Organization;
the International Monetary Fund; the World Bank; the OSCE; the OPCW; the Council of Europe;
the Bundestag; the Kremlin; the GRU; the White House; the Pentagon; the State Department;
Naval Group; Gazprom; Rosatom; Siemens; Airbus; Volkswagen; Nokia; Ericsson; Maersk; Shell;
BP; TotalEnergies; Equinor; Vattenfall; Orsted; Iberdrola; Enel; Deutsche Bahn; SNCF; Ryanair;
Lufthansa; the Red Cross; Amnesty International; Greenpeace; Transparency International; Reporters Without Borders;
the SPD; the CDU; the Greens; the FDP; the Labour Party; the Conservative Party;
Halvorsen Logistics; Nordwind Energy; Castell Pharma; Brightwater Foods; Meridian Rail; Kestrel Aerospace;
Alder Bank; Orion Telecom; Vantage Analytics; Bluefjord Shipping; Tessera Robotics; Greenleaf Cooperative;
Aurum Insurance; Pellham University; the Danube Institute; the Baltic Policy Centre; the Atlas Foundation; the Hollis Trust;
the National Statistics Office; the Central Bank; the Supreme Court; the Constitutional Court; the Court of Auditors; the Competition Authority;
the Ministry of Health; the Ministry of Finance; the Ministry of Defence; the Foreign Office; the Interior Ministry; the Environment Agency;
the Port Authority; the City Council; the Regional Assembly; the Chamber of Commerce; the Teachers' Union; the Farmers' Association;
the Nurses' Union; the Rail Workers' Union; the Consumer Council; the Housing Association; the Energy Regulator; the Data Protection Authority;
Ashgrove Capital; Linden Media; Solberg Mining; Quintero Textiles; Fairley Motors; Kaminska Health;
Riverside Hospital; St Anne's Clinic; the Polar Research Institute; the Maritime Museum; the State Opera; the National Library
""")

PLACES = _names("""
Brussels; Moscow; Berlin; Paris; London; Washington; Prague; Warsaw; Vienna; Rome; Madrid; Lisbon;
Amsterdam; The Hague; Copenhagen; Stockholm; Oslo; Helsinki; Tallinn; Riga; Vilnius; Kyiv; Minsk;
Budapest; Bratislava; Bucharest; Sofia; Athens; Ankara; Istanbul; Belgrade; Zagreb; Ljubljana; Sarajevo;
Skopje; Tirana; Tbilisi; Yerevan; Baku; Geneva; Zurich; Munich; Hamburg; Frankfurt; Cologne; Leipzig;
Dresden; Lyon; Marseille; Toulouse; Bordeaux; Milan; Naples; Turin; Barcelona; Valencia; Seville; Porto;
Rotterdam; Antwerp; Ghent; Gothenburg; Malmo; Bergen; Aarhus; Gdansk; Krakow; Brno; Ostrava; Graz;
Salzburg; Salisbury; Amesbury; Manchester; Birmingham; Glasgow; Edinburgh; Cardiff; Belfast; Dublin; Cork;
Canberra; Sydney; Melbourne; Tokyo; Beijing; Shanghai; Seoul; New Delhi; Mumbai; Singapore; Jakarta;
Cairo; Nairobi; Lagos; Accra; Johannesburg; Cape Town; Casablanca; Tunis; Algiers; Dakar; Addis Ababa;
New York; Boston; Chicago; San Francisco; Los Angeles; Toronto; Montreal; Ottawa; Mexico City; Sao Paulo;
Buenos Aires; Santiago; Bogota; Lima; Vrbetice; Zlin; Crimea; Donbas; Kaliningrad; St Petersburg;
Germany; France; Russia; Ukraine; Poland; the Czech Republic; Slovakia; Hungary; Austria; Italy; Spain;
Portugal; Belgium; the Netherlands; Denmark; Sweden; Norway; Finland; Estonia; Latvia; Lithuania; Belarus;
Romania; Bulgaria; Greece; Turkey; Serbia; Croatia; Georgia; Armenia; Britain; Ireland; Scotland; Wales;
Australia; Japan; China; India; Brazil; Canada; Mexico; Nigeria; Kenya; Egypt; Morocco; the United States;
the Balkans; Bavaria;
Saxony; Brandenburg; North Rhine-Westphalia; Catalonia; Flanders; Wallonia; Lapland; Silesia; Moravia; Tyrol
""")

OUTLETS = _names("""
Northern Ledger; The Morning Courier; Harbour Gazette; Continental Review; Daily Meridian; The Civic Post;
Riverside Chronicle; Alpine Observer; Baltic Wire; Atlantic Dispatch; The Evening Standard-Bearer; Metro Bulletin;
Capital Notes; The Weekly Lantern; Frontier Times; Coastline Herald; The Plain Reporter; Union Tribune Online;
Eastern Letter; Westgate Journal; The Quiet Column; Market Street Daily; The Provincial Voice; Crossroads News;
The Lowland Mail; Summit Post; Compass Report; The Open Record; Harvest News; Signal and Noise;
The Bridge Weekly; Lakeside Echo; Granite City Times; The Pier; Old Town Crier; Field Notes Daily;
The Observer Deck; Longitude; Parallel Press; Zenith Herald
""")

MONTHS = ["January", "February", "March", "April", "May", "June", "July",
          "August", "September", "October", "November", "December"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]

SAID = _names("""said; told reporters; argued; warned; insisted; stressed; told parliament; said in a statement;
told a news conference; wrote in a letter; told local radio; said in an interview; conceded; claimed; added""")

ADJ = _names("""cautious; ambitious; controversial; overdue; costly; modest; sweeping; unprecedented; pragmatic; risky;
temporary; long-awaited; disappointing; encouraging; fragile; decisive; limited; radical; symbolic; belated;
unworkable; balanced; aggressive; vague; bold; narrow; generous; tentative; premature; reckless""")

# Topic: (nouns, specific sentence templates, subheadings)
TOPICS = {
    "economy": (_names("""inflation; interest rates; the budget deficit; public debt; wage growth; consumer spending;
        the housing market; corporate taxes; bond yields; unemployment; the pension system; export figures; the trade surplus;
        minimum wage; household incomes; small businesses"""), [
        "Inflation in {L} rose to {pct} in {Mo}, the highest level since {year}, according to {O}.",
        "{P} {said} the central bank would keep interest rates unchanged until at least {DF}.",
        "Economists surveyed by {O} expect growth of {pct} this year, down from an earlier forecast.",
        "The government in {L} plans to borrow an additional {M} to cover the gap in {X}.",
        "Retail sales in {L} fell for a third month {D}, as households cut back on {X}.",
        "{O} revised its outlook for {X}, citing weaker demand from {L2}.",
        "Unions in {L} are demanding a rise of {pct} to compensate for higher prices.",
    ], ["Prices and wages", "The view from the markets", "What economists expect"]),
    "energy": (_names("""gas prices; electricity bills; the pipeline; wind farms; solar capacity; nuclear power;
        the power grid; coal plants; energy storage; heat pumps; hydrogen; oil imports; the gas storage level;
        offshore wind; the energy transition; fuel subsidies"""), [
        "Gas storage facilities in {L} were {pct} full at the end of {Mo}, {O} said.",
        "{O} plans to build {num} wind turbines off the coast of {L} by {year2}.",
        "The pipeline, which runs for {km} kilometres under {sea}, is operated by {O}.",
        "Electricity prices on the spot market climbed to {eur} euros per megawatt hour {D}.",
        "{P} {said} the country would phase out coal by {year2} at the latest.",
        "The regulator in {L} has yet to certify the new interconnector with {L2}.",
        "A fault at a substation near {L} cut power to {num} homes {D}.",
    ], ["Supply and demand", "The grid", "Winter ahead"]),
    "health": (_names("""hospital waiting lists; vaccination rates; the nursing shortage; mental health services;
        drug prices; emergency care; the measles outbreak; cancer screening; primary care; health insurance premiums;
        antibiotic resistance; the vaccine rollout; intensive care capacity; long-term care"""), [
        "Hospitals in {L} reported {num} new admissions {D}, {O} said.",
        "The vaccine, developed by {O}, was approved for use in {L} {D}.",
        "{P}, a doctor at {O}, {said} staff were working double shifts to cope with {X}.",
        "Waiting times for routine operations in {L} have grown to {n} weeks on average.",
        "{O} warned that {X} could overwhelm clinics in {L} by {DF}.",
        "A study of {num} patients, published by {O} {D}, found no link between the drug and {X}.",
    ], ["Inside the wards", "The patients", "Funding"]),
    "technology": (_names("""artificial intelligence; data protection; the chip shortage; broadband coverage; cyber security;
        cloud computing; the app store; facial recognition; online platforms; semiconductor plants; 5G networks;
        quantum computing; digital taxes; ransomware attacks; social media moderation"""), [
        "{O} said a ransomware attack {D} had disrupted systems in {L} for {n} days.",
        "The data protection authority in {L} fined {O} {M} for breaches of privacy rules.",
        "{O} will open a semiconductor plant near {L}, creating {num} jobs.",
        "Investigators believe the hackers, known as {C}, worked for a foreign intelligence service.",
        "{P} {said} rules on {X} had to keep pace with the technology.",
        "The software update, code-named {C}, was rolled out to {num} users {D}.",
    ], ["The technology", "Security concerns", "Regulation"]),
    "climate": (_names("""carbon emissions; the heatwave; flood defences; the drought; forest fires; climate targets;
        the carbon price; glacier retreat; sea level rise; biodiversity loss; the emissions trading scheme; coastal erosion;
        water shortages; air pollution"""), [
        "Temperatures in {L} reached {temp} degrees Celsius {D}, a record for {Mo}.",
        "Emissions in {L} fell by {pct} last year, according to {O}.",
        "Firefighters battled blazes across {num} hectares near {L} {D}.",
        "{O} estimated the cost of the floods in {L} at {M}.",
        "Activists blocked roads in {L} {D} to demand faster action on {X}.",
        "{P} {said} {L} would not meet its 2030 target for {X} without new measures.",
    ], ["Extreme weather", "Targets and reality", "Counting the cost"]),
    "security": (_names("""espionage; the arms deal; troop deployments; military spending; the missile defence system;
        intelligence sharing; cyber attacks; border controls; the expulsion of diplomats; arms control; the naval exercise;
        sanctions; the ceasefire; counter-terrorism cooperation; the submarine programme"""), [
        "{O} expelled {n} diplomats it said were undeclared intelligence officers {D}.",
        "{num} troops took part in the exercise near {L}, which ended {D}.",
        "{P} {said} the alliance had to remain vigilant about {X}.",
        "Officials in {L} accused {O} of a campaign of sabotage and disinformation.",
        "The contract for {n} submarines, signed with {O} in {year}, was cancelled {D}.",
        "Investigators linked the explosion at the depot near {L} in {year} to {O}.",
        "The defence budget of {L} will rise to {pct} of economic output by {year2}.",
    ], ["The allegations", "Reaction in the capitals", "A pattern of incidents"]),
    "sport": (_names("""the championship; the transfer window; the doping case; the stadium project; the cup final;
        the league title; the coaching staff; ticket prices; the Olympic bid; the relegation battle; youth academies;
        broadcasting rights"""), [
        "{P} scored twice in the second half as the home side won {score} in {L} {D}.",
        "The club confirmed that its coach had signed a contract until {year2}.",
        "{O} banned the athlete for {n} years after a failed test in {Mo}.",
        "About {num} fans attended the match in {L}, a record for the ground.",
        "{P} {said} the team would not give up on {X}.",
        "The city of {L} submitted its bid to host the games in {year2}.",
    ], ["On the pitch", "Off the field", "The fans"]),
    "culture": (_names("""the film festival; the museum reopening; arts funding; the book prize; the opera season;
        restitution of artefacts; the theatre strike; the music award; public libraries; the heritage site;
        the exhibition; copyright reform"""), [
        "The exhibition in {L} drew {num} visitors in its first week.",
        "{P}'s novel, set in {L} in the {decade}s, won the prize {D}.",
        "{O} agreed to return {n} bronze sculptures taken during the colonial era.",
        "The festival opens in {L} on {dd} {Mo} with a film about {X}.",
        "Funding for {X} in {L} will be cut by {pct} next year, {O} said.",
        "{P} {said} the restored manuscript had been lost since {year}.",
    ], ["On stage", "The artists", "Money and art"]),
    "science": (_names("""the space mission; the gene therapy trial; the telescope; particle physics; the research budget;
        the Arctic expedition; fusion experiments; the fossil discovery; climate models; the satellite launch;
        vaccine research; ocean monitoring"""), [
        "The satellite, built by {O}, was launched from {L} {D}.",
        "Researchers at {O} said the fossil found near {L} was about {num} years old.",
        "The experiment at {O} sustained the reaction for {n} seconds, a new record.",
        "{P}, who led the study, {said} the results on {X} had to be confirmed.",
        "The expedition will spend {n} months on the ice north of {L}.",
        "Funding for {X} at {O} will rise to {M} over {n} years.",
    ], ["The discovery", "How it was done", "What comes next"]),
    "transport": (_names("""the rail strike; the new motorway; airport expansion; the ferry service; the high-speed line;
        bus fares; cycle lanes; the port extension; traffic congestion; the night train; electric cars; air traffic control"""), [
        "Trains between {L} and {L2} were cancelled {D} because of the strike.",
        "{O} carried {num} passengers in {Mo}, {pct} more than a year earlier.",
        "The new line will cut the journey from {L} to {L2} to {n} hours.",
        "Work on the bridge near {L} is {n} years behind schedule and {M} over budget.",
        "{P} {said} fares would be frozen until {DF}.",
        "The port of {L} handled a record {num} containers last year.",
    ], ["Delays and costs", "The passengers", "Plans for the network"]),
    "agriculture": (_names("""grain exports; milk prices; farm subsidies; the harvest; fertiliser costs; pesticide rules;
        the bird flu outbreak; organic farming; irrigation; animal welfare; food prices; the fishing quota"""), [
        "The wheat harvest in {L} is expected to reach {num} tonnes this year.",
        "Farmers drove {n} hundred tractors into {L} {D} to protest against {X}.",
        "{O} culled {num} birds after an outbreak near {L}.",
        "{P} {said} the new rules on {X} would take effect in {Mo} {year2}.",
        "Milk prices paid to farmers in {L} fell by {pct} {D}.",
    ], ["In the fields", "Prices", "The rules"]),
    "courts": (_names("""the corruption trial; the appeal; the extradition request; the fraud case; the murder inquiry;
        the constitutional challenge; the libel case; the money laundering investigation; judicial reform;
        the class action; the arrest warrant; the plea deal"""), [
        "The court in {L} sentenced the former official to {n} years in prison {D}.",
        "Prosecutors charged {n} people over {X}, {O} said {D}.",
        "{P}, a lawyer for the defendants, {said} they would appeal.",
        "The judges ruled that {O} had breached the rights of {num} people.",
        "An arrest warrant was issued for a man using the name {C}.",
        "The trial, which opened in {L} {D}, is expected to last {n} months.",
    ], ["The charges", "In court", "The verdict"]),
    "elections": (_names("""the election campaign; the coalition talks; the opinion polls; voter turnout; the party congress;
        the referendum; postal voting; campaign finance; the leadership contest; the runoff; the manifesto; the TV debate"""), [
        "The {party} won {pct} of the vote in {L}, according to provisional results.",
        "Turnout in the election {D} was {pct}, {O} said.",
        "{P} was elected party leader with {num} votes at the congress in {L}.",
        "Coalition talks in {L} are expected to last until {DF}.",
        "{P} and {Q} clashed over {X} in the final televised debate {D}.",
        "A poll for {O} put the governing party on {pct}, its lowest since {year}.",
    ], ["The campaign", "The results", "Coalition arithmetic"]),
    "housing": (_names("""rents; the housing shortage; mortgage rates; social housing; building permits; the property tax;
        homelessness; the rent cap; construction costs; empty offices"""), [
        "Rents in {L} rose by {pct} in the past year, according to {O}.",
        "The city plans to build {num} social housing units by {year2}.",
        "{P} {said} the rent cap had pushed landlords out of the market.",
        "Building permits in {L} fell to their lowest level since {year} {D}.",
        "{O} estimates that {num} people in {L} are homeless.",
    ], ["Renters", "Builders", "City hall"]),
    "education": (_names("""school closures; teacher shortages; university fees; exam results; the curriculum reform;
        student housing; school meals; digital learning; research funding; vocational training"""), [
        "{num} pupils sat the final exams in {L} {D}, {O} said.",
        "Teachers in {L} went on strike {D} over pay and class sizes.",
        "{O} will raise tuition fees by {pct} from {Mo} {year2}.",
        "{P}, a head teacher in {L}, {said} the reform of {X} had come too fast.",
        "The number of foreign students at {O} has doubled since {year}.",
    ], ["In the classroom", "The students", "Funding and reform"]),
}

PARTIES = _names("""Social Democrats; Christian Democrats; Greens; Liberals; Conservatives; Labour Party; Centre Party;
    Freedom Party; Left Alliance; Farmers' Party; Pirate Party; National Alliance""")

SEAS = ["the Baltic Sea", "the North Sea", "the Black Sea", "the Mediterranean", "the Adriatic", "the Irish Sea"]

# Less common words, mixed in rarely so that some searches match few articles.
RARE = _names("""anemometer; bathyscaphe; cormorant; dirigible; escarpment; filigree; gazetteer; hydrofoil; isobar;
    jacquard; kaolin; lodestar; marquetry; nacelle; obelisk; palimpsest; quern; reliquary; sextant; tessellation;
    umbra; verdigris; windlass; xylograph; yew hedge; ziggurat; almanac; belvedere; cartouche; dolmen; equinox;
    funicular; gargoyle; hawser; inglenook; jetsam; keelson; lighthouse keeper; menhir; narwhal; orrery; parapet;
    quinine; rotunda; scrimshaw; theodolite; undercroft; viaduct; weathervane; yurt; zeppelin; astrolabe;
    bellwether; chandlery; distillery; estuary; foundry; granary; hatchery; icebreaker; jetty; kiln; limestone quarry;
    marshland; nunnery; observatory; peat bog; quayside; reservoir; sawmill; tannery; uplands; vineyard; watermill;
    archipelago; brickworks; cathedral close; dockyard; embankment; ferry terminal; glasshouse; harbour wall;
    ironworks; junction box; kelp farm; lock keeper; mill race; night ferry; oyster bed; paper mill; rope walk;
    salt marsh; tram depot; upland farm; village green; wool exchange; yacht club; zinc smelter""")

SYLLABLES = _names("""ka; lor; vin; ta; mer; ost; ril; bra; dun; sel; var; qui; nor; esk; tal; mo; zen; pra; gil; ush;
    an; bel; cor; dra; fen; gor; hal; ith; jor; kel; lum; mir; nav; orl; pel; rav; sor; tev; ulm; wyn""")

SUBHEADINGS_GENERAL = ["What happens next", "A long dispute", "Reaction in {L}", "The view from {L}",
                       "Questions remain", "Background", "Costs and benefits", "Who decides", "A difficult year",
                       "The numbers"]
