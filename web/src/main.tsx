import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { initialLanguage } from './i18n.ts';
import './styles.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
const lang = initialLanguage();
document.documentElement.lang = lang;
createRoot(root).render(
  <StrictMode>
    <App initialLang={lang} />
  </StrictMode>,
);
