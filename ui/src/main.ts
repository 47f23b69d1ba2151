import { mount } from 'svelte';
import './app.css';
import { setupI18n } from './lib/i18n';
import App from './App.svelte';

const target = document.getElementById('app');
if (!target) throw new Error('index.html has no #app element');
// The saved language's messages are in place before the first render.
// `ratebook:` marks time the start in the page's own timeline (bench/app/startup.mjs).
export default setupI18n().then(() => {
  const app = mount(App, { target });
  performance.mark('ratebook:shell-mounted');
  return app;
});
