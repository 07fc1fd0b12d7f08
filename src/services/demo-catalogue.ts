/**
 * The demo institution's catalogue: four published micro-credentials of different levels, fields, languages and
 * forms of participation (the first is examples/specification.json), one draft, and a pathway, so that a new user
 * sees a working catalogue, its filters and a stackable pathway at once.
 */
import { readFileSync } from 'node:fs';
import { SYSTEM } from './audit.ts';
import type { Institution } from './institutions.ts';
import { createPathway } from './pathways.ts';
import type { Platform } from './platform.ts';
import { createSpecification, publishDraft, type Document } from './specifications.ts';

const EXAMPLE = new URL('../../examples/specification.json', import.meta.url);

/** The example specification without its id and version (the platform gives them). */
function example(): Document {
  const document = JSON.parse(readFileSync(EXAMPLE, 'utf8')) as Document;
  delete document.specId;
  delete document.version;
  return document;
}

function outcome(id: string, type: 'knowledge' | 'skill' | 'responsibilityAutonomy', pl: string, en: string): Document {
  return { id, type, text: { pl, en }, escoSkills: [] };
}

function offers(): Document[] {
  const base = example();
  const common = { awardingBody: base.awardingBody, issuerCountry: 'PL', issuerRegion: 'mazowieckie', qualityAssurance: base.qualityAssurance, learningSetting: 'non-formal' };
  return [
    base,
    {
      ...common,
      title: { pl: 'Podstawy cyberbezpieczeństwa dla administracji', en: 'Cybersecurity basics for public administration' },
      description: {
        pl: 'Rozpoznawanie zagrożeń, bezpieczna konfiguracja stanowiska pracy i reagowanie na incydenty zgodnie z ustawą o krajowym systemie cyberbezpieczeństwa.',
        en: 'Recognising threats, configuring a workstation securely and responding to incidents under the Polish National Cybersecurity System Act.',
      },
      learningOutcomes: [
        outcome('CY_W01', 'knowledge', 'Zna najczęstsze wektory ataków (phishing, ransomware) i obowiązki zgłaszania incydentów.', 'Knows the most common attack vectors (phishing, ransomware) and the duty to report incidents.'),
        outcome('CY_U01', 'skill', 'Potrafi bezpiecznie skonfigurować stanowisko pracy i uwierzytelnianie wieloskładnikowe.', 'Can configure a workstation and multi-factor authentication securely.'),
        outcome('CY_K01', 'responsibilityAutonomy', 'Odpowiedzialnie reaguje na incydent według procedury instytucji.', 'Responds responsibly to an incident following the institution\'s procedure.'),
      ],
      ectsCredits: 3, workloadHours: 80, eqfLevel: 6, prkLevel: 6, qfEheaCycle: 'first',
      assessmentType: 'online-test', assessmentDescription: { pl: 'Test online (40 pytań) i zadanie praktyczne w laboratorium wirtualnym.', en: 'An online test (40 questions) and a practical task in a virtual lab.' },
      participationMode: 'online', supervisionVerification: 'supervised-with-id', gradingScheme: 'pass-fail',
      iscedF: '0612', languages: ['pl'], humanCode: 'MC-CYB-01', validityPeriod: 'P3Y',
      stackability: { mode: 'standalone', stacksInto: [] },
    },
    {
      ...common,
      title: { pl: 'Zarządzanie projektami zwinnymi (Scrum)', en: 'Agile project management (Scrum)' },
      description: {
        pl: 'Planowanie i prowadzenie projektu w metodyce Scrum: backlog, sprinty, estymacja i praca z interesariuszami.',
        en: 'Planning and running a project with Scrum: backlog, sprints, estimation and working with stakeholders.',
      },
      learningOutcomes: [
        outcome('PM_W01', 'knowledge', 'Zna role, artefakty i wydarzenia Scruma oraz ich cel.', 'Knows the Scrum roles, artefacts and events and their purpose.'),
        outcome('PM_U01', 'skill', 'Potrafi przygotować i priorytetyzować backlog produktu oraz zaplanować sprint.', 'Can prepare and prioritise a product backlog and plan a sprint.'),
        outcome('PM_K01', 'responsibilityAutonomy', 'Współpracuje w zespole i bierze odpowiedzialność za wspólne cele.', 'Works in a team and takes responsibility for shared goals.'),
      ],
      ectsCredits: 4, workloadHours: 110, eqfLevel: 7, prkLevel: 7, qfEheaCycle: 'second',
      assessmentType: 'project', assessmentDescription: { pl: 'Projekt zespołowy prowadzony w trzech sprintach, z prezentacją przeglądu.', en: 'A team project run over three sprints, with a review presentation.' },
      participationMode: 'blended', supervisionVerification: 'supervised-no-id', gradingScheme: 'pl-he-2-5',
      iscedF: '0413', languages: ['pl', 'en'], humanCode: 'MC-PM-02',
      stackability: base.stackability,
    },
    {
      ...common,
      title: { pl: 'Academic English: pisanie artykułów naukowych', en: 'Academic English: writing research papers' },
      description: {
        pl: 'Struktura artykułu IMRaD, styl akademicki i odpowiedź na recenzje, w języku angielskim.',
        en: 'The IMRaD paper structure, academic style and responding to reviewers, in English.',
      },
      learningOutcomes: [
        outcome('EN_U01', 'skill', 'Potrafi napisać streszczenie i wstęp artykułu naukowego po angielsku.', 'Can write the abstract and introduction of a research paper in English.'),
        outcome('EN_U02', 'skill', 'Potrafi rzeczowo odpowiedzieć na uwagi recenzentów.', 'Can answer reviewers\' comments to the point.'),
      ],
      ectsCredits: 2, workloadHours: 50, eqfLevel: 8, prkLevel: 8, qfEheaCycle: 'third',
      assessmentType: 'portfolio', participationMode: 'onsite', supervisionVerification: 'unsupervised-no-id', gradingScheme: 'percent',
      iscedF: '0231', languages: ['en'], humanCode: 'MC-EN-03', prerequisites: { pl: 'Język angielski na poziomie B2.', en: 'English at level B2.' },
    },
  ];
}

/** Publishes the demo offers and a pathway in the institution; returns the published specification ids. */
export async function seedDemoCatalogue(platform: Platform, institution: Institution): Promise<string[]> {
  const published: string[] = [];
  for (const document of offers()) {
    const draft = await createSpecification(platform, institution, document, SYSTEM);
    await publishDraft(platform, institution, draft.specId, SYSTEM);
    published.push(draft.specId);
  }
  // A draft in progress, for the editor.
  await createSpecification(platform, institution, {
    title: { pl: 'Wprowadzenie do uczenia maszynowego', en: 'Introduction to machine learning' }, ectsCredits: 5, eqfLevel: 6, prkLevel: 6, languages: ['pl'],
  }, SYSTEM);
  const [analysis, security, agile] = published as [string, string, string, string];
  await createPathway(platform, institution, {
    title: { pl: 'Analityk danych w administracji', en: 'Data analyst in public administration' },
    description: {
      pl: 'Dwa z trzech mikropoświadczeń dają moduł 1 studiów podyplomowych „Data Science w praktyce”.',
      en: 'Two of the three micro-credentials make module 1 of the postgraduate programme "Data Science in Practice".',
    },
    rule: { type: 'n-of', n: 2 },
    specIds: [analysis, security, agile],
    target: { title: { pl: 'Studia podyplomowe: Data Science w praktyce', en: 'Postgraduate programme: Data Science in Practice' }, url: 'https://uni.example.pl/podyplomowe/data-science' },
  }, SYSTEM);
  return published;
}
