"""Hand-written word lists used as features by the entity model.

These are facts about the world (countries, capitals, demonyms) and about
English (titles, organisation suffixes), written by us. They are features,
not rules: the model learns how much to trust them. Changing them changes
the model, so retrain (python -m reader.nlp.train) after an edit.
"""

from __future__ import annotations

COUNTRIES = """
Afghanistan Albania Algeria Andorra Angola Argentina Armenia Australia Austria Azerbaijan
Bahamas Bahrain Bangladesh Barbados Belarus Belgium Belize Benin Bhutan Bolivia
Bosnia Herzegovina Botswana Brazil Brunei Bulgaria Burkina Faso Burundi Cambodia Cameroon Canada
Chad Chile China Colombia Comoros Congo Croatia Cuba Cyprus Czech Republic Czechia Denmark Djibouti
Dominica Ecuador Egypt Salvador Eritrea Estonia Eswatini Ethiopia Fiji Finland France Gabon Gambia
Georgia Germany Ghana Greece Grenada Guatemala Guinea Guyana Haiti Honduras Hungary Iceland India
Indonesia Iran Iraq Ireland Israel Italy Jamaica Japan Jordan Kazakhstan Kenya Kiribati Korea
Kosovo Kuwait Kyrgyzstan Laos Latvia Lebanon Lesotho Liberia Libya Liechtenstein Lithuania
Luxembourg Macedonia Madagascar Malawi Malaysia Maldives Mali Malta Mauritania Mauritius Mexico
Micronesia Moldova Monaco Mongolia Montenegro Morocco Mozambique Myanmar Burma Namibia Nauru Nepal
Netherlands Holland Nicaragua Niger Nigeria Norway Oman Pakistan Palau Palestine Panama Paraguay Peru
Philippines Poland Portugal Qatar Romania Russia Rwanda Samoa Senegal Serbia Seychelles Sierra
Leone Singapore Slovakia Slovenia Somalia Spain Sri Lanka Sudan Suriname Sweden Switzerland Syria
Taiwan Tajikistan Tanzania Thailand Togo Tonga Trinidad Tobago Tunisia Turkey Turkmenistan Tuvalu
Uganda Ukraine Emirates Uruguay Uzbekistan Vanuatu Venezuela Vietnam Yemen Yugoslavia Zaire
Zambia Zimbabwe Britain England Scotland Wales USA America UK Chechnya Tibet Kurdistan Greenland
Hong Kong Macau Puerto Rico Zealand Arabia Lanka Ivory Coast
""".split()

# Places that are not countries: capitals, big cities, regions, continents, US states.
PLACES = """
Europe Asia Africa Antarctica Oceania Americas Balkans Caribbean Mediterranean Atlantic Pacific
Arctic Baltic Scandinavia Siberia Caucasus Crimea Gulf Middle East West Kabul Tirana Algiers
Luanda Buenos Aires Yerevan Canberra Sydney Melbourne Vienna Baku Dhaka Minsk Brussels Sofia
Ottawa Toronto Montreal Vancouver Santiago Beijing Shanghai Bogota Zagreb Havana Nicosia Prague
Copenhagen Cairo Tallinn Addis Ababa Helsinki Paris Lyon Marseille Tbilisi Berlin Bonn Munich
Frankfurt Hamburg Accra Athens Budapest Reykjavik Delhi Mumbai Bombay Calcutta Jakarta Tehran
Baghdad Dublin Jerusalem Tel Aviv Rome Milan Naples Turin Tokyo Osaka Amman Nairobi Seoul
Pyongyang Riga Beirut Tripoli Vilnius Skopje Kuala Lumpur Mexico Chisinau Rabat Kathmandu
Amsterdam Hague Rotterdam Wellington Auckland Lagos Abuja Oslo Islamabad Karachi Lahore Lima
Manila Warsaw Lisbon Doha Bucharest Moscow Petersburg Kigali Riyadh Dakar Belgrade Bratislava
Ljubljana Mogadishu Johannesburg Pretoria Madrid Barcelona Colombo Khartoum Stockholm Geneva
Zurich Bern Damascus Taipei Bangkok Tunis Ankara Istanbul Kampala Kiev Kyiv London Manchester
Liverpool Birmingham Edinburgh Glasgow Washington York Chicago Angeles Boston Houston Miami
Francisco Atlanta Dallas Detroit Seattle Philadelphia Montevideo Tashkent Caracas Hanoi Saigon
Harare Lusaka Sarajevo Grozny Gaza Ramallah Strasbourg Luxembourg Brasilia Rio Janeiro Sao Paulo
Alabama Alaska Arizona Arkansas California Colorado Connecticut Delaware Florida Hawaii Idaho
Illinois Indiana Iowa Kansas Kentucky Louisiana Maine Maryland Massachusetts Michigan Minnesota
Mississippi Missouri Montana Nebraska Nevada Hampshire Jersey Carolina Dakota Ohio Oklahoma
Oregon Pennsylvania Rhode Tennessee Texas Utah Vermont Virginia Wisconsin Wyoming Bavaria
Quebec Ontario Alberta Kashmir Punjab Bosnia Kosovo Flanders Wallonia Catalonia Sicily Corsica
""".split()

DEMONYMS = """
Afghan Albanian Algerian American Angolan Argentine Argentinian Armenian Asian Australian Austrian
Azerbaijani Bahraini Bangladeshi Belarusian Belgian Bolivian Bosnian Brazilian British Briton
Bulgarian Burmese Cambodian Cameroonian Canadian Chilean Chinese Colombian Congolese Croatian Cuban
Cypriot Czech Danish Dane Dutch Ecuadorean Egyptian English Eritrean Estonian Ethiopian European
Filipino Finnish Finn French Georgian German Ghanaian Greek Guatemalan Haitian Honduran Hungarian
Icelandic Indian Indonesian Iranian Iraqi Irish Israeli Italian Jamaican Japanese Jordanian
Kazakh Kenyan Korean Kosovar Kurdish Kurd Kuwaiti Latvian Lebanese Liberian Libyan Lithuanian
Macedonian Malaysian Maltese Mexican Moldovan Mongolian Moroccan Mozambican Namibian Nepalese
Nigerian Norwegian Pakistani Palestinian Panamanian Paraguayan Peruvian Polish Pole Portuguese
Qatari Romanian Russian Rwandan Saudi Scottish Scot Senegalese Serb Serbian Singaporean Slovak
Slovenian Somali Spanish Spaniard Sudanese Swedish Swede Swiss Syrian Taiwanese Tajik Tanzanian
Thai Tunisian Turkish Turk Ugandan Ukrainian Uruguayan Uzbek Venezuelan Vietnamese Welsh Yemeni
Yugoslav Zambian Zimbabwean Arab Arabic Western Eastern Soviet Balkan Nordic Scandinavian
African Latin Caribbean Asian Muslim Christian Catholic Jewish Islamic Hindu Buddhist
Shi'ite Sunni Chechen Basque Catalan Flemish Walloon Bavarian Sikh Tamil Hutu Tutsi Kurdish
Democrat Republican Democrats Republicans Communist Socialist Conservative Labour Liberal
""".split()

MONTHS = """
January February March April May June July August September October November December
Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec
""".split()

DAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()

# Words that come before a person's name but are not part of it.
TITLES = """
Mr Mrs Ms Miss Dr Prof Sir Dame Lord Lady President Vice Prime Minister Secretary General
Chancellor Premier King Queen Prince Princess Pope Cardinal Bishop Archbishop Rabbi Imam Sheikh
Senator Sen Rep Representative Congressman Congresswoman Governor Gov Mayor Judge Justice
Ambassador Envoy Spokesman Spokeswoman Spokesperson Chairman Chairwoman Chair Director Chief
Executive CEO Commander Colonel Col General Gen Lieutenant Lt Major Maj Captain Capt Sergeant
Admiral Marshal Officer Coach Manager Minister Ministers Foreign Defence Defense Finance Interior
Deputy Acting Former Leader Head Inspector Detective Agent Attorney Counsel Professor Doctor
Father Brother Sister Saint Emperor Sultan Emir Ayatollah Commissioner Commissioners Commission
""".split()

# Last words of organisation names.
ORG_SUFFIXES = """
Inc Corp Corporation Co Company Ltd Limited Plc PLC LLC AG GmbH SA NV Group Holdings Bank Banks
Party Council Union Association Federation League Club Committee Commission Agency Authority
Institute Institution University College School Ministry Department Office Bureau Service Services
Organisation Organization Foundation Fund Trust Society Airlines Airways Motors Industries
Partners Board Court Parliament Assembly Congress Senate Army Navy Force Forces Guard Police
Alliance Front Movement Network Press News Times Post Journal Exchange Securities Capital
Television Radio Broadcasting Railways Energy Oil Petroleum Telecom Communications Systems
United City Rovers Athletic Wanderers Albion Hotspur Town County FC Reuters
""".split()

# Well-known organisations, mostly acronyms (the 1996 training text predates many).
ORGS = """
NATO UN EU OPEC IMF WHO WTO GATT OECD ASEAN FIFA UEFA IOC NASA FBI CIA NSA KGB FSB GRU MI5 MI6
Pentagon Kremlin Interpol Europol Google Apple Microsoft Amazon Facebook Meta Twitter Reuters AFP
BBC CNN Hamas Hezbollah Taliban G7 G20 Nasdaq Kremlin Bundestag Duma Knesset
""".split()


def _lower_set(words: list[str]) -> frozenset[str]:
    return frozenset(w.lower() for w in words)


LEXICON: dict[str, frozenset[str]] = {
    "CTRY": _lower_set(COUNTRIES),
    "PLC": _lower_set(PLACES),
    "DEM": _lower_set(DEMONYMS),
    "MON": _lower_set(MONTHS),
    "DAY": _lower_set(DAYS),
    "TTL": _lower_set(TITLES),
    "OSF": _lower_set(ORG_SUFFIXES),
    "ORG": _lower_set(ORGS),
}


def word_classes(lower: str) -> list[str]:
    """The lexicon classes a lowercased word belongs to."""
    return [name for name, words in LEXICON.items() if lower in words]
