/**
 * The generated catalogue of bench/catalogue.ts: institutions and published offers, realistic and deterministic (a
 * seeded PRNG, the same data on every database and every run), inserted straight into the database in batches.
 *
 * Offers: Polish/English titles from a topic and a qualifier ("Analiza danych w sektorze publicznym II"), a
 * description and 3–5 learning outcomes written from the topic (inflected Polish; some with an ESCO-style skill: a
 * label and a random skill URI), EQF 4–8 with the equal PRK level, ECTS 1–15 in halves, the topic's ISCED-F detailed
 * field, languages pl/en/de, online/onsite/blended, the awarding body from the institution profile. Every document
 * is validated (validateSpecification); one error stops the run. The rows carry what publishDraft would store: status
 * 'published', published_at, the document and the search columns of searchColumns() on the validated document.
 */
import { ASSESSMENT_CODES, validateSpecification } from '../src/model/index.ts';
import { SYSTEM } from '../src/services/audit.ts';
import { createInstitution, type Institution, type InstitutionProfile } from '../src/services/institutions.ts';
import type { Platform } from '../src/services/platform.ts';
import { institutionDefaults, searchColumns } from '../src/services/specifications.ts';

/** mulberry32: a small seeded PRNG, uniform in [0, 1). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type Rng = () => number;
type Lang = { pl: string; en: string };

export const pick = <T>(rng: Rng, list: readonly T[]): T => list[Math.floor(rng() * list.length)] as T;

function weighted<T>(rng: Rng, list: ReadonlyArray<readonly [T, number]>): T {
  const total = list.reduce((s, [, w]) => s + w, 0);
  let r = rng() * total;
  for (const [value, w] of list) {
    r -= w;
    if (r < 0) return value;
  }
  return (list[list.length - 1] as readonly [T, number])[0];
}

function uuid(rng: Rng): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(rng() * 16).toString(16));
  hex[12] = '4';
  hex[16] = ((Math.floor(rng() * 4)) + 8).toString(16);
  const h = hex.join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

interface Topic {
  readonly title: Lang;
  readonly isced: string;
  /** What the course covers (accusative in Polish: "Kurs obejmuje …"). */
  readonly scope: Lang;
  /** Knowledge outcome: "Zna i rozumie …" / "Knows and understands …". */
  readonly know: Lang;
  /** Skill outcome: "Potrafi …" / "Can …". */
  readonly skill: Lang;
  readonly esco?: Lang;
}

const t = (pl: string, en: string): Lang => ({ pl, en });

const TOPICS: readonly Topic[] = [
  { title: t('Analiza danych', 'Data analysis'), isced: '0542', scope: t('wczytywanie, czyszczenie i analizę danych tabelarycznych oraz wizualizację wyników', 'loading, cleaning and analysing tabular data and visualising the results'), know: t('metody statystyki opisowej i typowe źródła błędów w danych', 'methods of descriptive statistics and typical sources of errors in data'), skill: t('przeprowadzić analizę zbioru danych i krytycznie zinterpretować jej wyniki', 'analyse a dataset and interpret the results critically'), esco: t('analizowanie danych', 'analyse data') },
  { title: t('Zarządzanie projektami', 'Project management'), isced: '0413', scope: t('planowanie harmonogramu, budżetu i ryzyka projektu oraz kierowanie zespołem projektowym', "planning a project's schedule, budget and risks and leading a project team"), know: t('metodyki zarządzania projektami (PRINCE2, Scrum, Kanban)', 'project management methodologies (PRINCE2, Scrum, Kanban)'), skill: t('przygotować plan projektu z harmonogramem i rejestrem ryzyk', 'prepare a project plan with a schedule and a risk register'), esco: t('zarządzanie projektami', 'project management') },
  { title: t('Bezpieczeństwo sieci', 'Network security'), isced: '0612', scope: t('konfigurację zapór sieciowych, segmentację sieci i wykrywanie włamań', 'configuring firewalls, segmenting networks and detecting intrusions'), know: t('typowe ataki na sieci komputerowe i sposoby ochrony przed nimi', 'typical attacks on computer networks and how to defend against them'), skill: t('skonfigurować zaporę sieciową i przeanalizować dzienniki zdarzeń bezpieczeństwa', 'configure a firewall and analyse security event logs'), esco: t('bezpieczeństwo sieci teleinformatycznych', 'ICT network security') },
  { title: t('Programowanie w Pythonie', 'Programming in Python'), isced: '0613', scope: t('składnię języka Python, struktury danych, funkcje i testowanie kodu', 'Python syntax, data structures, functions and code testing'), know: t('podstawowe konstrukcje języka Python i zasady pisania czytelnego kodu', 'the core constructs of Python and the rules of readable code'), skill: t('napisać, przetestować i udokumentować program w Pythonie', 'write, test and document a program in Python'), esco: t('Python (programowanie komputerowe)', 'Python (computer programming)') },
  { title: t('Komunikacja międzykulturowa', 'Intercultural communication'), isced: '0314', scope: t('różnice kulturowe w komunikacji werbalnej i niewerbalnej oraz pracę w zespołach międzynarodowych', 'cultural differences in verbal and non-verbal communication and work in international teams'), know: t('modele wymiarów kultury i ich wpływ na komunikację w miejscu pracy', 'models of cultural dimensions and their effect on communication at work'), skill: t('prowadzić rozmowy z partnerami z innych kręgów kulturowych', 'hold conversations with partners from other cultures'), esco: t('komunikacja międzykulturowa', 'intercultural communication') },
  { title: t('Uczenie maszynowe', 'Machine learning'), isced: '0613', scope: t('modele regresji i klasyfikacji, walidację krzyżową i ocenę jakości modeli', 'regression and classification models, cross-validation and model evaluation'), know: t('zasady działania podstawowych algorytmów uczenia maszynowego', 'how the basic machine learning algorithms work'), skill: t('wytrenować i ocenić model predykcyjny na rzeczywistych danych', 'train and evaluate a predictive model on real data'), esco: t('uczenie maszynowe', 'machine learning') },
  { title: t('Rachunkowość zarządcza', 'Management accounting'), isced: '0411', scope: t('kalkulację kosztów, budżetowanie i analizę odchyleń', 'costing, budgeting and variance analysis'), know: t('metody rachunku kosztów i budżetowania w przedsiębiorstwie', 'costing and budgeting methods in a company'), skill: t('sporządzić budżet jednostki i wyjaśnić odchylenia od planu', 'draw up a unit budget and explain deviations from the plan') },
  { title: t('Prawo pracy', 'Labour law'), isced: '0421', scope: t('zawieranie i rozwiązywanie umów o pracę, czas pracy i uprawnienia pracowników', 'concluding and terminating employment contracts, working time and employee rights'), know: t('przepisy Kodeksu pracy dotyczące nawiązania i ustania stosunku pracy', 'the Labour Code provisions on starting and ending employment'), skill: t('rozwiązać typowe problemy prawne w relacjach pracodawcy z pracownikami', 'solve typical legal problems between an employer and employees') },
  { title: t('Marketing cyfrowy', 'Digital marketing'), isced: '0414', scope: t('kampanie w mediach społecznościowych, pozycjonowanie stron i analitykę internetową', 'social media campaigns, search engine optimisation and web analytics'), know: t('narzędzia marketingu internetowego i wskaźniki skuteczności kampanii', 'online marketing tools and campaign performance indicators'), skill: t('zaplanować kampanię reklamową w internecie i zmierzyć jej wyniki', 'plan an online advertising campaign and measure its results'), esco: t('techniki marketingu cyfrowego', 'digital marketing techniques') },
  { title: t('Projektowanie interfejsów użytkownika', 'User interface design'), isced: '0613', scope: t('badania z użytkownikami, prototypowanie i testy użyteczności', 'user research, prototyping and usability testing'), know: t('zasady projektowania dostępnych i użytecznych interfejsów', 'the principles of accessible and usable interface design'), skill: t('przygotować klikalny prototyp i przeprowadzić test użyteczności', 'build a clickable prototype and run a usability test') },
  { title: t('Grafika komputerowa', 'Computer graphics'), isced: '0211', scope: t('obróbkę grafiki rastrowej i wektorowej oraz przygotowanie materiałów do publikacji', 'raster and vector image editing and preparing material for publication'), know: t('modele barw, formaty plików graficznych i zasady kompozycji', 'colour models, image file formats and the rules of composition'), skill: t('przygotować spójny zestaw grafik do druku i do internetu', 'prepare a consistent set of graphics for print and for the web') },
  { title: t('Język niemiecki w biznesie', 'Business German'), isced: '0231', scope: t('korespondencję handlową, prowadzenie spotkań i negocjacji w języku niemieckim', 'business correspondence, meetings and negotiations in German'), know: t('słownictwo biznesowe i konwencje korespondencji handlowej w krajach niemieckojęzycznych', 'business vocabulary and the conventions of commercial correspondence in German-speaking countries'), skill: t('poprowadzić spotkanie i napisać ofertę handlową po niemiecku', 'chair a meeting and write a commercial offer in German') },
  { title: t('Pierwsza pomoc przedmedyczna', 'First aid'), isced: '1022', scope: t('ocenę stanu poszkodowanego, resuscytację krążeniowo-oddechową i użycie defibrylatora AED', 'assessing a casualty, cardiopulmonary resuscitation and using an AED'), know: t('algorytmy postępowania w stanach zagrożenia życia', 'the procedures for life-threatening emergencies'), skill: t('udzielić pierwszej pomocy osobie nieprzytomnej i wezwać służby ratunkowe', 'give first aid to an unconscious person and call the emergency services') },
  { title: t('Odnawialne źródła energii', 'Renewable energy sources'), isced: '0713', scope: t('instalacje fotowoltaiczne, pompy ciepła i magazynowanie energii', 'photovoltaic installations, heat pumps and energy storage'), know: t('zasady działania instalacji wykorzystujących odnawialne źródła energii', 'how renewable energy installations work'), skill: t('dobrać instalację fotowoltaiczną do potrzeb budynku i oszacować jej opłacalność', 'size a photovoltaic installation for a building and estimate its payback') },
  { title: t('Logistyka magazynowa', 'Warehouse logistics'), isced: '1041', scope: t('organizację procesów magazynowych, zarządzanie zapasami i systemy WMS', 'organising warehouse processes, inventory management and WMS systems'), know: t('metody zarządzania zapasami i układy stref magazynu', 'inventory management methods and warehouse zone layouts'), skill: t('zaprojektować przepływ towarów w magazynie i obliczyć wskaźniki rotacji zapasów', 'design the flow of goods in a warehouse and compute stock turnover') },
  { title: t('Ochrona danych osobowych', 'Personal data protection'), isced: '0421', scope: t('wymogi RODO, analizę ryzyka i obsługę naruszeń ochrony danych', 'GDPR requirements, risk analysis and handling personal data breaches'), know: t('zasady przetwarzania danych osobowych i obowiązki administratora', 'the principles of personal data processing and the duties of a controller'), skill: t('przeprowadzić ocenę skutków dla ochrony danych i przygotować rejestr czynności przetwarzania', 'carry out a data protection impact assessment and keep a record of processing') },
  { title: t('Zarządzanie zasobami ludzkimi', 'Human resource management'), isced: '0413', scope: t('rekrutację, ocenę pracowniczą i rozwój kompetencji pracowników', 'recruitment, performance appraisal and staff development'), know: t('narzędzia rekrutacji i oceny pracowników', 'recruitment and appraisal tools'), skill: t('przeprowadzić rozmowę kwalifikacyjną i zaplanować ścieżkę rozwoju pracownika', 'conduct a job interview and plan an employee development path') },
  { title: t('Statystyka stosowana', 'Applied statistics'), isced: '0542', scope: t('testowanie hipotez, analizę regresji i planowanie eksperymentów', 'hypothesis testing, regression analysis and design of experiments'), know: t('założenia i ograniczenia podstawowych testów statystycznych', 'the assumptions and limits of the basic statistical tests'), skill: t('dobrać test statystyczny do pytania badawczego i poprawnie opisać wynik', 'choose a statistical test for a research question and report the result correctly') },
  { title: t('Chmura obliczeniowa', 'Cloud computing'), isced: '0612', scope: t('usługi chmurowe, konteneryzację i automatyzację wdrożeń', 'cloud services, containers and deployment automation'), know: t('modele usług chmurowych i ich koszty', 'cloud service models and their costs'), skill: t('wdrożyć aplikację w kontenerach w chmurze publicznej', 'deploy a containerised application to a public cloud'), esco: t('przetwarzanie w chmurze', 'cloud computing') },
  { title: t('Przedsiębiorczość społeczna', 'Social entrepreneurship'), isced: '0413', scope: t('zakładanie i finansowanie przedsiębiorstw społecznych oraz mierzenie ich wpływu', 'founding and financing social enterprises and measuring their impact'), know: t('formy prawne i źródła finansowania ekonomii społecznej', 'the legal forms and funding sources of the social economy'), skill: t('przygotować biznesplan przedsiębiorstwa społecznego', 'prepare a business plan for a social enterprise') },
  { title: t('Dydaktyka cyfrowa', 'Digital didactics'), isced: '0111', scope: t('projektowanie zajęć online, narzędzia e-learningowe i ocenianie kształtujące', 'designing online classes, e-learning tools and formative assessment'), know: t('zasady projektowania kursów zdalnych i hybrydowych', 'the principles of designing remote and hybrid courses'), skill: t('zaprojektować i poprowadzić lekcję z użyciem narzędzi cyfrowych', 'design and teach a lesson with digital tools') },
  { title: t('Rolnictwo precyzyjne', 'Precision agriculture'), isced: '0811', scope: t('systemy nawigacji satelitarnej, czujniki polowe i mapy plonów', 'satellite navigation systems, field sensors and yield maps'), know: t('technologie rolnictwa precyzyjnego i ich wpływ na środowisko', 'precision agriculture technologies and their effect on the environment'), skill: t('przygotować mapę zmiennego nawożenia na podstawie danych z czujników', 'prepare a variable-rate fertilising map from sensor data') },
  { title: t('Opieka nad osobami starszymi', 'Care of older people'), isced: '0921', scope: t('potrzeby osób starszych, profilaktykę upadków i komunikację z podopiecznym', 'the needs of older people, fall prevention and communication with the person cared for'), know: t('zmiany związane ze starzeniem się organizmu', 'the changes that come with ageing'), skill: t('zaplanować codzienną opiekę nad osobą starszą z uwzględnieniem jej potrzeb', "plan daily care of an older person around their needs") },
  { title: t('Turystyka zrównoważona', 'Sustainable tourism'), isced: '1015', scope: t('planowanie oferty turystycznej z poszanowaniem środowiska i społeczności lokalnych', 'planning tourism offers that respect the environment and local communities'), know: t('zasady turystyki zrównoważonej i certyfikaty ekologiczne', 'the principles of sustainable tourism and eco-labels'), skill: t('opracować program wycieczki o niskim śladzie węglowym', 'design a low-carbon tour programme') },
  { title: t('Automatyka przemysłowa', 'Industrial automation'), isced: '0714', scope: t('programowanie sterowników PLC, czujniki i układy regulacji', 'PLC programming, sensors and control loops'), know: t('budowę i zasady działania układów automatyki', 'the structure and operation of automation systems'), skill: t('napisać program sterownika PLC dla prostej linii produkcyjnej', 'write a PLC program for a simple production line') },
  { title: t('Druk 3D i prototypowanie', '3D printing and prototyping'), isced: '0715', scope: t('modelowanie CAD, technologie druku przestrzennego i obróbkę wydruków', 'CAD modelling, 3D printing technologies and post-processing'), know: t('technologie przyrostowe i właściwości materiałów do druku', 'additive technologies and the properties of printing materials'), skill: t('zaprojektować i wydrukować prototyp części mechanicznej', 'design and print a prototype of a mechanical part') },
  { title: t('Finanse osobiste', 'Personal finance'), isced: '0412', scope: t('budżet domowy, oszczędzanie, kredyty i podstawy inwestowania', 'household budgets, saving, loans and the basics of investing'), know: t('produkty finansowe dostępne dla klientów indywidualnych i ich ryzyka', 'retail financial products and their risks'), skill: t('sporządzić plan finansowy gospodarstwa domowego', 'draw up a household financial plan') },
  { title: t('Negocjacje handlowe', 'Business negotiation'), isced: '0416', scope: t('przygotowanie strategii negocjacyjnej, techniki wpływu i zawieranie porozumień', 'preparing a negotiation strategy, influence techniques and reaching agreements'), know: t('style i strategie negocjacyjne', 'negotiation styles and strategies'), skill: t('przeprowadzić negocjacje handlowe i spisać warunki porozumienia', 'conduct a business negotiation and write down the terms agreed'), esco: t('prowadzenie negocjacji', 'negotiate') },
  { title: t('Bazy danych SQL', 'SQL databases'), isced: '0612', scope: t('projektowanie relacyjnych baz danych, zapytania SQL i indeksowanie', 'relational database design, SQL queries and indexing'), know: t('model relacyjny, normalizację i transakcje', 'the relational model, normalisation and transactions'), skill: t('zaprojektować schemat bazy danych i napisać złożone zapytania SQL', 'design a database schema and write complex SQL queries'), esco: t('SQL', 'SQL') },
  { title: t('Cyberbezpieczeństwo w administracji', 'Cybersecurity in public administration'), isced: '0612', scope: t('zarządzanie incydentami, politykę bezpieczeństwa informacji i szkolenie pracowników', 'incident management, information security policy and staff training'), know: t('wymogi krajowego systemu cyberbezpieczeństwa', 'the requirements of the national cybersecurity system'), skill: t('opracować procedurę reagowania na incydenty w urzędzie', 'write an incident response procedure for a public office') },
  { title: t('Psychologia motywacji', 'Psychology of motivation'), isced: '0313', scope: t('teorie motywacji, cele i nawyki oraz wypalenie zawodowe', 'theories of motivation, goals and habits, and burnout'), know: t('psychologiczne teorie motywacji i ich zastosowania', 'psychological theories of motivation and their uses'), skill: t('zaplanować działania wspierające motywację zespołu', 'plan actions that support a team’s motivation') },
  { title: t('Dziennikarstwo danych', 'Data journalism'), isced: '0321', scope: t('pozyskiwanie danych publicznych, weryfikację faktów i wizualizację w mediach', 'obtaining public data, fact-checking and visualisation in the media'), know: t('źródła danych publicznych i zasady weryfikacji informacji', 'public data sources and the rules of fact-checking'), skill: t('przygotować materiał dziennikarski oparty na analizie danych', 'produce a news story based on data analysis') },
  { title: t('Zarządzanie łańcuchem dostaw', 'Supply chain management'), isced: '0413', scope: t('planowanie zakupów, współpracę z dostawcami i zarządzanie ryzykiem w łańcuchu dostaw', 'purchase planning, supplier relations and supply chain risk management'), know: t('modele łańcuchów dostaw i wskaźniki ich efektywności', 'supply chain models and their performance indicators'), skill: t('zmapować łańcuch dostaw i wskazać jego słabe ogniwa', 'map a supply chain and identify its weak links') },
  { title: t('Technologia żywności', 'Food technology'), isced: '0721', scope: t('procesy przetwórstwa, system HACCP i kontrolę jakości żywności', 'processing methods, the HACCP system and food quality control'), know: t('zasady bezpieczeństwa żywności i systemu HACCP', 'the principles of food safety and HACCP'), skill: t('opracować plan HACCP dla małego zakładu przetwórczego', 'write a HACCP plan for a small processing plant') },
  { title: t('Architektura krajobrazu', 'Landscape architecture'), isced: '0731', scope: t('projektowanie terenów zieleni, dobór roślin i gospodarowanie wodą opadową', 'designing green spaces, plant selection and rainwater management'), know: t('zasady kształtowania krajobrazu miejskiego', 'the principles of urban landscape design'), skill: t('przygotować koncepcję zagospodarowania skweru miejskiego', 'prepare a concept for a city square') },
  { title: t('Ekonomia behawioralna', 'Behavioural economics'), isced: '0311', scope: t('heurystyki i błędy poznawcze w decyzjach ekonomicznych oraz projektowanie „szturchnięć”', 'heuristics and cognitive biases in economic decisions, and designing nudges'), know: t('najważniejsze odkrycia ekonomii behawioralnej', 'the main findings of behavioural economics'), skill: t('zaprojektować interwencję behawioralną i ocenić jej skutki', 'design a behavioural intervention and assess its effects') },
];

const QUALIFIERS: readonly Lang[] = [
  t('dla początkujących', 'for beginners'), t('dla zaawansowanych', 'for advanced learners'), t('w praktyce', 'in practice'),
  t('w sektorze publicznym', 'in the public sector'), t('w ochronie zdrowia', 'in healthcare'),
  t('w małych i średnich przedsiębiorstwach', 'in small and medium-sized enterprises'), t('dla nauczycieli', 'for teachers'),
  t('dla inżynierów', 'for engineers'), t('z elementami sztucznej inteligencji', 'with elements of artificial intelligence'),
  t('w branży energetycznej', 'in the energy sector'), t('w logistyce i transporcie', 'in logistics and transport'),
  t('– warsztaty', '– workshop'), t('– kurs intensywny', '– intensive course'), t('w samorządzie terytorialnym', 'in local government'),
  t('dla menedżerów', 'for managers'), t('w przemyśle 4.0', 'in Industry 4.0'), t('w rolnictwie', 'in agriculture'),
  t('dla studentów', 'for students'), t('w organizacjach pozarządowych', 'in non-governmental organisations'),
];

const AUDIENCES: readonly Lang[] = [
  t('Przeznaczone dla osób pracujących, które chcą poszerzyć kompetencje zawodowe.', 'Intended for working people who want to broaden their professional skills.'),
  t('Zajęcia prowadzą praktycy z wieloletnim doświadczeniem w branży.', 'Taught by practitioners with many years of industry experience.'),
  t('Kurs kończy się projektem opartym na rzeczywistym przypadku z praktyki.', 'The course ends with a project based on a real case.'),
  t('Wymagana jest podstawowa znajomość obsługi komputera.', 'Basic computer skills are required.'),
  t('Uczestnicy pracują w małych grupach pod opieką mentora.', 'Participants work in small groups with a mentor.'),
  t('Mikropoświadczenie można zaliczyć na poczet studiów podyplomowych.', 'The micro-credential counts towards a postgraduate programme.'),
];

const RESPONSIBILITY: readonly Lang[] = [
  t('Jest gotów do krytycznej oceny posiadanej wiedzy i do ciągłego uczenia się.', 'Is ready to assess their knowledge critically and to keep learning.'),
  t('Samodzielnie planuje pracę i odpowiada za jej jakość.', 'Plans their work independently and answers for its quality.'),
  t('Współpracuje w zespole interdyscyplinarnym, przyjmując różne role.', 'Works in an interdisciplinary team, taking on different roles.'),
  t('Przestrzega zasad etyki zawodowej i dba o dorobek zawodu.', 'Follows professional ethics and cares for the standing of the profession.'),
  t('Rzetelnie komunikuje wyniki swojej pracy odbiorcom spoza branży.', 'Communicates the results of their work honestly to non-specialists.'),
];

const EXTRA_SKILLS: readonly Lang[] = [
  t('Potrafi korzystać z literatury fachowej i norm branżowych, także w języku angielskim.', 'Can use professional literature and industry standards, also in English.'),
  t('Potrafi przygotować i wygłosić prezentację wyników swojej pracy.', 'Can prepare and deliver a presentation of their results.'),
  t('Potrafi ocenić ryzyko i zaproponować działania zapobiegawcze.', 'Can assess risks and propose preventive measures.'),
  t('Potrafi dobrać narzędzia informatyczne do zadania i uzasadnić wybór.', 'Can choose IT tools for a task and justify the choice.'),
];

const CITIES: ReadonlyArray<readonly [string, string]> = [
  ['Gdańsk', 'Gdańsku'], ['Kraków', 'Krakowie'], ['Wrocław', 'Wrocławiu'], ['Poznań', 'Poznaniu'], ['Łódź', 'Łodzi'],
  ['Szczecin', 'Szczecinie'], ['Lublin', 'Lublinie'], ['Białystok', 'Białymstoku'], ['Katowice', 'Katowicach'], ['Rzeszów', 'Rzeszowie'],
  ['Toruń', 'Toruniu'], ['Olsztyn', 'Olsztynie'], ['Opole', 'Opolu'], ['Kielce', 'Kielcach'], ['Zielona Góra', 'Zielonej Górze'],
  ['Bydgoszcz', 'Bydgoszczy'], ['Gliwice', 'Gliwicach'], ['Częstochowa', 'Częstochowie'], ['Radom', 'Radomiu'], ['Koszalin', 'Koszalinie'],
  ['Płock', 'Płocku'], ['Elbląg', 'Elblągu'], ['Tarnów', 'Tarnowie'], ['Nowy Sącz', 'Nowym Sączu'], ['Warszawa', 'Warszawie'],
];

const INSTITUTION_TYPES: ReadonlyArray<{ slug: string; pl: (loc: string) => string; en: (city: string) => string }> = [
  { slug: 'uniwersytet', pl: (loc) => `Uniwersytet w ${loc}`, en: (city) => `University of ${city}` },
  { slug: 'politechnika', pl: (loc) => `Politechnika w ${loc}`, en: (city) => `${city} University of Technology` },
  { slug: 'ue', pl: (loc) => `Uniwersytet Ekonomiczny w ${loc}`, en: (city) => `${city} University of Economics` },
  { slug: 'wsiz', pl: (loc) => `Wyższa Szkoła Informatyki i Zarządzania w ${loc}`, en: (city) => `${city} School of Computer Science and Management` },
  { slug: 'ans', pl: (loc) => `Akademia Nauk Stosowanych w ${loc}`, en: (city) => `${city} University of Applied Sciences` },
  { slug: 'ckz', pl: (loc) => `Centrum Kształcenia Zawodowego w ${loc}`, en: (city) => `${city} Vocational Training Centre` },
];

function asciiSlug(text: string): string {
  return text.toLowerCase().replace(/ł/g, 'l').normalize('NFD').replace(/\p{M}+/gu, '').replace(/[^a-z0-9]+/g, '-');
}

function institutionProfile(i: number): InstitutionProfile {
  const [city, loc] = CITIES[i % CITIES.length] as readonly [string, string];
  const type = INSTITUTION_TYPES[(i + 3 * Math.floor(i / CITIES.length)) % INSTITUTION_TYPES.length] as (typeof INSTITUTION_TYPES)[number];
  const slug = `${type.slug}-${asciiSlug(city)}`;
  return {
    slug, namePl: type.pl(loc), nameEn: type.en(city), country: 'PL', identifiers: [],
    website: `https://${slug}.example.pl`, email: `mikroposwiadczenia@${slug}.example.pl`,
    address: { street: `ul. Akademicka ${1 + (i % 40)}`, postalCode: `${String(10 + i).padStart(2, '0')}-${String(100 + i * 7).slice(0, 3)}`, locality: city, country: 'PL' },
  };
}

interface Offer {
  readonly institution: Institution;
  readonly document: Record<string, unknown>;
  readonly publishedAt: Date;
}

function makeOffer(rng: Rng, n: number, institutions: readonly Institution[], now: number): Offer {
  // A few large institutions publish most offers (a skewed choice), as in a real catalogue.
  const institution = institutions[Math.floor(institutions.length * rng() ** 1.6)] as Institution;
  const topic = pick(rng, TOPICS);
  const qualifier = rng() < 0.75 ? pick(rng, QUALIFIERS) : undefined;
  const part = rng() < 0.15 ? pick(rng, [' I', ' II', ' III']) : '';
  const title = qualifier ? t(`${topic.title.pl} ${qualifier.pl}${part}`, `${topic.title.en} ${qualifier.en}${part}`) : t(`${topic.title.pl}${part}`, `${topic.title.en}${part}`);
  const audience = pick(rng, AUDIENCES);
  const eqf = weighted(rng, [[4, 10], [5, 20], [6, 35], [7, 25], [8, 10]] as const);
  const ects = (2 + Math.floor(rng() * 29)) / 2;
  const outcomes: Array<Record<string, unknown>> = [
    { id: 'MC_W01', type: 'knowledge', text: t(`Zna i rozumie ${topic.know.pl}.`, `Knows and understands ${topic.know.en}.`), escoSkills: [] },
    {
      id: 'MC_U01', type: 'skill', text: t(`Potrafi ${topic.skill.pl}.`, `Can ${topic.skill.en}.`),
      escoSkills: topic.esco && rng() < 0.6 ? [{ uri: `http://data.europa.eu/esco/skill/${uuid(rng)}`, label: topic.esco }] : [],
    },
  ];
  const extras = Math.floor(rng() * 3);
  for (let k = 0; k < extras; k++) outcomes.push({ id: `MC_U0${k + 2}`, type: 'skill', text: EXTRA_SKILLS[(n + k) % EXTRA_SKILLS.length], escoSkills: [] });
  outcomes.push({ id: 'MC_K01', type: 'responsibilityAutonomy', text: pick(rng, RESPONSIBILITY), escoSkills: [] });
  const document: Record<string, unknown> = {
    specId: uuid(rng), version: 1, title,
    description: t(`Kurs obejmuje ${topic.scope.pl}. ${audience.pl}`, `The course covers ${topic.scope.en}. ${audience.en}`),
    ...institutionDefaults(institution),
    learningOutcomes: outcomes,
    ectsCredits: ects, workloadHours: Math.round(ects * (25 + rng() * 5)),
    eqfLevel: eqf, prkLevel: eqf,
    assessmentType: pick(rng, ASSESSMENT_CODES),
    participationMode: weighted(rng, [['online', 40], ['onsite', 30], ['blended', 30]] as const),
    qualityAssurance: {
      type: pick(rng, ['internal-hei-qa', 'external-accreditation', 'industry-standard'] as const),
      description: t('Program zatwierdzony i oceniany co roku w ramach wewnętrznego systemu zapewniania jakości kształcenia.', 'Programme approved and reviewed every year under the internal quality assurance system.'),
    },
    supervisionVerification: pick(rng, ['supervised-with-id', 'supervised-no-id', 'unsupervised-no-id'] as const),
    gradingScheme: pick(rng, ['pl-he-2-5', 'pass-fail'] as const),
    iscedF: topic.isced,
    languages: weighted(rng, [[['pl'], 55], [['en'], 15], [['de'], 5], [['pl', 'en'], 18], [['en', 'de'], 4], [['pl', 'de'], 3]] as const),
    learningSetting: rng() < 0.7 ? 'non-formal' : 'formal',
    humanCode: `MC-${institution.slug.slice(0, 3).toUpperCase()}-${String(n).padStart(5, '0')}`,
  };
  return { institution, document, publishedAt: new Date(now - Math.floor(rng() * 730 * 86_400_000)) };
}

export interface SeedOptions {
  readonly institutions: number;
  readonly offers: number;
  /** Rows per INSERT statement (one transaction per batch). */
  readonly batch?: number;
  readonly onProgress?: (inserted: number) => void;
}

export interface SeededCatalogue {
  readonly specIds: string[];
  readonly slugs: string[];
}

/** Creates the institutions (createInstitution) and inserts the published offers, in batches. */
export async function seedCatalogue(platform: Platform, options: SeedOptions): Promise<SeededCatalogue> {
  const { db } = platform.store;
  const institutions: Institution[] = [];
  for (let i = 0; i < options.institutions; i++) institutions.push(await createInstitution(platform, institutionProfile(i), SYSTEM));
  const rng = prng(20260616);
  const now = Date.parse('2026-06-16T12:00:00Z');
  const batchSize = options.batch ?? 500;
  const specIds: string[] = [];
  for (let from = 0; from < options.offers; from += batchSize) {
    const batch = Array.from({ length: Math.min(batchSize, options.offers - from) }, (_, k) => makeOffer(rng, from + k, institutions, now));
    const rows = batch.map(({ institution, document, publishedAt }) => {
      const validated = validateSpecification(document);
      if (!validated.ok) {
        const errors = validated.problems.filter((p) => p.severity === 'error').map((p) => `${p.path}: ${p.message.en}`);
        throw new Error(`generated specification ${String(document.specId)} is not valid:\n  ${errors.join('\n  ')}\n${JSON.stringify(document, null, 2)}`);
      }
      return {
        institution_id: institution.id, spec_id: validated.value.specId, version: 1, status: 'published' as const,
        document: JSON.stringify(document), created_at: publishedAt, published_at: publishedAt, updated_at: publishedAt,
        ...searchColumns(validated.value),
      };
    });
    await db.transaction().execute(async (trx) => {
      await trx.insertInto('specification_owners').values(rows.map((r) => ({ spec_id: r.spec_id, institution_id: r.institution_id }))).execute();
      await trx.insertInto('specifications').values(rows).execute();
    });
    specIds.push(...rows.map((r) => r.spec_id));
    options.onProgress?.(specIds.length);
  }
  return { specIds, slugs: institutions.map((i) => i.slug) };
}
