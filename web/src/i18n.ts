/**
 * Every text of the web app, in Polish and English. `pl` defines the shape (its type is `Dictionary`), `en` must
 * have exactly the same keys; texts with values are functions. Components read them through `useI18n()`.
 */
import { createContext, useContext } from 'react';

export const LANGUAGES = ['pl', 'en'] as const;
export type Lang = (typeof LANGUAGES)[number];

/** Each language's name in itself (autonym), as the language switch shows it. */
export const LANGUAGE_NAMES: Record<Lang, string> = { pl: 'polski', en: 'English' };

const pl = {
  appName: 'Mikrocred',
  tagline: 'Mikropoświadczenia UE',
  skipToContent: 'Przejdź do treści',
  language: 'Język',
  loading: 'Ładowanie…',
  retry: 'Spróbuj ponownie',
  unavailableTitle: 'Serwer nie odpowiada',
  required: 'wymagane',
  networkError: 'Brak połączenia z serwerem. Sprawdź sieć i spróbuj ponownie.',
  unexpectedError: (status: number) => `Nieoczekiwany błąd serwera (HTTP ${status}). Spróbuj ponownie.`,
  fixFields: 'Popraw zaznaczone pola:',
  pageTitle: (page: string) => `${page} · Mikrocred`,
  signIn: {
    title: 'Zaloguj się',
    intro: 'Panel instytucji wystawiających mikropoświadczenia.',
    email: 'E-mail',
    password: 'Hasło',
    submit: 'Zaloguj się',
    busy: 'Logowanie…',
    sessionExpired: 'Sesja wygasła. Zaloguj się ponownie.',
    signedOut: 'Wylogowano.',
  },
  shell: {
    mainNav: 'Nawigacja główna',
    institution: 'Instytucja',
    signedInAs: 'Zalogowano jako',
    signOut: 'Wyloguj',
    signingOut: 'Wylogowywanie…',
    noInstitutionsTitle: 'Brak instytucji',
    noInstitutions: 'Twoje konto nie należy jeszcze do żadnej instytucji. Poproś właściciela instytucji o dodanie Cię do zespołu.',
    noAccessTitle: 'Brak dostępu',
    noAccess: 'Nie należysz do tej instytucji albo ona nie istnieje.',
    notFoundTitle: 'Nie ma takiej strony',
    notFound: 'Ten adres nie prowadzi do żadnej strony aplikacji.',
    backHome: 'Przejdź do profilu instytucji',
    ownerOnly: 'Tę stronę widzą tylko właściciele instytucji.',
  },
  nav: {
    profile: 'Profil instytucji',
    staff: 'Pracownicy i role',
    apiKeys: 'Klucze API',
  },
  roles: {
    owner: 'Właściciel',
    designer: 'Projektant',
    issuer: 'Wystawca',
    viewer: 'Obserwator',
  },
  roleHints: {
    owner: 'Pełny dostęp: profil instytucji, pracownicy, klucze API, klucze podpisu.',
    designer: 'Projektuje mikropoświadczenia; może też je wystawiać.',
    issuer: 'Wystawia i unieważnia mikropoświadczenia.',
    viewer: 'Tylko odczyt.',
  },
  schemes: {
    REGON: 'REGON',
    NIP: 'NIP',
    KRS: 'KRS',
    'POL-on': 'POL-on',
    ErasmusCode: 'Kod Erasmus',
    PIC: 'PIC (Komisja Europejska)',
    VAT: 'Numer VAT UE',
    other: 'Inny',
  },
  profile: {
    title: 'Profil instytucji',
    intro: 'Dane instytucji, które trafiają do wystawianych przez nią mikropoświadczeń (podmiot przyznający).',
    did: 'Identyfikator DID instytucji',
    readOnly: 'Profil mogą zmieniać tylko właściciele instytucji.',
    names: 'Nazwa i kraj',
    namePl: 'Nazwa po polsku',
    nameEn: 'Nazwa po angielsku',
    country: 'Kraj (kod ISO 3166, np. PL)',
    identifiers: 'Identyfikatory prawne',
    identifiersHint: 'Na przykład REGON, NIP, kod Erasmus lub PIC.',
    noIdentifiers: 'Brak identyfikatorów.',
    scheme: (n: number) => `Rodzaj identyfikatora ${n}`,
    value: (n: number) => `Wartość identyfikatora ${n}`,
    removeIdentifier: 'Usuń',
    removeIdentifierLabel: (n: number) => `Usuń identyfikator ${n}`,
    addIdentifier: 'Dodaj identyfikator',
    contact: 'Kontakt',
    website: 'Strona internetowa',
    websiteHint: 'Pełny adres, np. https://uczelnia.edu.pl',
    email: 'E-mail kontaktowy',
    address: 'Adres',
    addressHint: 'Zostaw wszystkie pola adresu puste, aby go usunąć.',
    street: 'Ulica i numer',
    postalCode: 'Kod pocztowy',
    locality: 'Miejscowość',
    region: 'Województwo lub region',
    addressCountry: 'Kraj adresu (kod ISO, np. PL)',
    save: 'Zapisz zmiany',
    saving: 'Zapisywanie…',
    saved: 'Zapisano zmiany.',
  },
  staff: {
    title: 'Pracownicy i role',
    intro: 'Osoby, które mają dostęp do instytucji, i ich role.',
    caption: 'Pracownicy instytucji',
    name: 'Imię i nazwisko',
    email: 'E-mail',
    role: 'Rola',
    you: '(Ty)',
    empty: 'Instytucja nie ma jeszcze pracowników.',
    formTitle: 'Dodaj pracownika lub zmień rolę',
    formHint: 'Osoba musi mieć już konto w Mikrocred. Podanie adresu osoby z listy zmienia jej rolę.',
    formEmail: 'E-mail pracownika',
    formRole: 'Rola',
    submit: 'Zapisz rolę',
    saving: 'Zapisywanie…',
    saved: (email: string, role: string) => `${email} ma teraz rolę „${role}”.`,
    actions: 'Działania',
    remove: 'Usuń',
    removeLabel: (name: string) => `Usuń ${name} z pracowników`,
    confirmRemove: (name: string) => `Usunąć ${name} z pracowników instytucji?`,
    removed: (name: string) => `${name} nie jest już pracownikiem instytucji.`,
  },
  apiKeys: {
    title: 'Klucze API',
    intro: 'Klucze pozwalają systemom instytucji (np. USOS) wystawiać mikropoświadczenia przez API. Każdy klucz działa z nadaną mu rolą.',
    formTitle: 'Nowy klucz API',
    name: 'Nazwa klucza',
    nameHint: 'Do czego służy, np. „Integracja z USOS”.',
    role: 'Rola klucza',
    create: 'Utwórz klucz',
    creating: 'Tworzenie…',
    newKeyTitle: 'Twój nowy klucz API',
    newKeyLabel: (name: string) => `Klucz „${name}”`,
    warning: 'Skopiuj klucz teraz i przechowaj go bezpiecznie. Jest pokazywany tylko raz: serwer przechowuje jedynie jego skrót. Jeśli go zgubisz, unieważnij go i utwórz nowy.',
    copy: 'Kopiuj klucz',
    copied: 'Skopiowano klucz do schowka.',
    copyFailed: 'Nie udało się skopiować. Zaznacz klucz i skopiuj go ręcznie.',
    hide: 'Zapisałem klucz, ukryj go',
    caption: 'Aktywne klucze API',
    prefix: 'Początek klucza',
    created: 'Utworzony',
    lastUsed: 'Ostatnio użyty',
    never: 'nigdy',
    actions: 'Działania',
    revoke: 'Unieważnij',
    revokeLabel: (name: string) => `Unieważnij klucz „${name}”`,
    revokeQuestion: (name: string) => `Unieważnić klucz „${name}”? Systemy, które go używają, stracą dostęp.`,
    confirmRevoke: 'Tak, unieważnij',
    cancel: 'Anuluj',
    revoked: (name: string) => `Unieważniono klucz „${name}”.`,
    empty: 'Instytucja nie ma jeszcze kluczy API.',
  },
};

export type Dictionary = typeof pl;

const en: Dictionary = {
  appName: 'Mikrocred',
  tagline: 'EU micro-credentials',
  skipToContent: 'Skip to content',
  language: 'Language',
  loading: 'Loading…',
  retry: 'Try again',
  unavailableTitle: 'The server does not answer',
  required: 'required',
  networkError: 'Cannot reach the server. Check your connection and try again.',
  unexpectedError: (status: number) => `Unexpected server error (HTTP ${status}). Please try again.`,
  fixFields: 'Please correct the marked fields:',
  pageTitle: (page: string) => `${page} · Mikrocred`,
  signIn: {
    title: 'Sign in',
    intro: 'The workspace of institutions issuing micro-credentials.',
    email: 'E-mail',
    password: 'Password',
    submit: 'Sign in',
    busy: 'Signing in…',
    sessionExpired: 'Your session has ended. Please sign in again.',
    signedOut: 'You have signed out.',
  },
  shell: {
    mainNav: 'Main navigation',
    institution: 'Institution',
    signedInAs: 'Signed in as',
    signOut: 'Sign out',
    signingOut: 'Signing out…',
    noInstitutionsTitle: 'No institutions',
    noInstitutions: 'Your account does not belong to any institution yet. Ask an institution owner to add you to their staff.',
    noAccessTitle: 'No access',
    noAccess: 'You are not a member of this institution, or it does not exist.',
    notFoundTitle: 'Page not found',
    notFound: 'This address does not lead to any page of the app.',
    backHome: 'Go to the institution profile',
    ownerOnly: 'Only the institution\'s owners can see this page.',
  },
  nav: {
    profile: 'Institution profile',
    staff: 'Staff and roles',
    apiKeys: 'API keys',
  },
  roles: {
    owner: 'Owner',
    designer: 'Designer',
    issuer: 'Issuer',
    viewer: 'Viewer',
  },
  roleHints: {
    owner: 'Full access: institution profile, staff, API keys, signing keys.',
    designer: 'Designs micro-credentials; may also issue them.',
    issuer: 'Issues and revokes micro-credentials.',
    viewer: 'Read only.',
  },
  schemes: {
    REGON: 'REGON',
    NIP: 'NIP (Polish tax number)',
    KRS: 'KRS (Polish court register)',
    'POL-on': 'POL-on',
    ErasmusCode: 'Erasmus code',
    PIC: 'PIC (European Commission)',
    VAT: 'EU VAT number',
    other: 'Other',
  },
  profile: {
    title: 'Institution profile',
    intro: 'The institution\'s details as they appear in the micro-credentials it issues (the awarding body).',
    did: 'The institution\'s DID',
    readOnly: 'Only the institution\'s owners can change the profile.',
    names: 'Name and country',
    namePl: 'Name in Polish',
    nameEn: 'Name in English',
    country: 'Country (ISO 3166 code, e.g. PL)',
    identifiers: 'Legal identifiers',
    identifiersHint: 'For example REGON, NIP, Erasmus code or PIC.',
    noIdentifiers: 'No identifiers.',
    scheme: (n: number) => `Identifier ${n} type`,
    value: (n: number) => `Identifier ${n} value`,
    removeIdentifier: 'Remove',
    removeIdentifierLabel: (n: number) => `Remove identifier ${n}`,
    addIdentifier: 'Add identifier',
    contact: 'Contact',
    website: 'Website',
    websiteHint: 'The full address, e.g. https://university.edu.pl',
    email: 'Contact e-mail',
    address: 'Address',
    addressHint: 'Leave every address field empty to remove the address.',
    street: 'Street and number',
    postalCode: 'Postal code',
    locality: 'Town or city',
    region: 'Region or province',
    addressCountry: 'Country of the address (ISO code, e.g. PL)',
    save: 'Save changes',
    saving: 'Saving…',
    saved: 'Changes saved.',
  },
  staff: {
    title: 'Staff and roles',
    intro: 'The people with access to the institution, and their roles.',
    caption: 'Staff of the institution',
    name: 'Name',
    email: 'E-mail',
    role: 'Role',
    you: '(you)',
    empty: 'The institution has no staff yet.',
    formTitle: 'Add a staff member or change a role',
    formHint: 'The person needs an existing Mikrocred account. Giving the address of someone already listed changes their role.',
    formEmail: 'Staff member\'s e-mail',
    formRole: 'Role',
    submit: 'Save role',
    saving: 'Saving…',
    saved: (email: string, role: string) => `${email} now has the role "${role}".`,
    actions: 'Actions',
    remove: 'Remove',
    removeLabel: (name: string) => `Remove ${name} from the staff`,
    confirmRemove: (name: string) => `Remove ${name} from the institution's staff?`,
    removed: (name: string) => `${name} is no longer on the institution's staff.`,
  },
  apiKeys: {
    title: 'API keys',
    intro: 'Keys let the institution\'s systems (e.g. its student records system) issue micro-credentials through the API. Each key acts with the role it is given.',
    formTitle: 'New API key',
    name: 'Key name',
    nameHint: 'What it is for, e.g. "Student records integration".',
    role: 'Key role',
    create: 'Create key',
    creating: 'Creating…',
    newKeyTitle: 'Your new API key',
    newKeyLabel: (name: string) => `Key "${name}"`,
    warning: 'Copy the key now and store it safely. It is shown only once: the server keeps only its hash. If you lose it, revoke it and create a new one.',
    copy: 'Copy key',
    copied: 'The key is copied to the clipboard.',
    copyFailed: 'Could not copy. Select the key and copy it yourself.',
    hide: 'I have stored the key, hide it',
    caption: 'Active API keys',
    prefix: 'Key starts with',
    created: 'Created',
    lastUsed: 'Last used',
    never: 'never',
    actions: 'Actions',
    revoke: 'Revoke',
    revokeLabel: (name: string) => `Revoke the key "${name}"`,
    revokeQuestion: (name: string) => `Revoke the key "${name}"? Systems using it will lose access.`,
    confirmRevoke: 'Yes, revoke',
    cancel: 'Cancel',
    revoked: (name: string) => `The key "${name}" is revoked.`,
    empty: 'The institution has no API keys yet.',
  },
};

export const DICTIONARIES: Record<Lang, Dictionary> = { pl, en };

const STORAGE_KEY = 'mikrocred.lang';

export function isLang(value: unknown): value is Lang {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/** The remembered choice, else the browser's language (Polish for pl-*, English otherwise). */
export function initialLanguage(): Lang {
  try {
    const stored = window.localStorage.getItem(STORAGE_KEY);
    if (isLang(stored)) return stored;
  } catch {
    // Storage may be disabled: fall back to the browser's language.
  }
  const preferred = navigator.languages.length > 0 ? navigator.languages : [navigator.language];
  for (const tag of preferred) {
    const base = tag.toLowerCase().split('-')[0];
    if (isLang(base)) return base;
  }
  return 'en';
}

export function rememberLanguage(lang: Lang): void {
  try {
    window.localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // Not remembered: the choice still holds for this page.
  }
}

/** The BCP 47 locale for dates and country names. */
export function localeOf(lang: Lang): string {
  return lang === 'pl' ? 'pl-PL' : 'en-GB';
}

export interface I18n {
  readonly lang: Lang;
  readonly t: Dictionary;
  setLang(lang: Lang): void;
}

export const I18nContext = createContext<I18n>({ lang: 'pl', t: pl, setLang: () => undefined });

export function useI18n(): I18n {
  return useContext(I18nContext);
}

/** A role's name, or the role itself when the app does not know it. */
export function roleName(t: Dictionary, role: string): string {
  return Object.hasOwn(t.roles, role) ? t.roles[role as keyof Dictionary['roles']] : role;
}

/** A country's name from its ISO 3166-1 code, in the chosen language (undefined for an unknown code). */
export function countryName(lang: Lang, code: string): string | undefined {
  if (!/^[A-Z]{2}$/.test(code)) return undefined;
  try {
    const name = new Intl.DisplayNames([localeOf(lang)], { type: 'region', fallback: 'none' }).of(code);
    return name === undefined || name === code ? undefined : name;
  } catch {
    return undefined;
  }
}
