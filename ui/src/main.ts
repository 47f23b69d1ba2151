import { mount } from 'svelte';
import './app.css';
import { setupI18n } from './lib/i18n';
import App from './App.svelte';

const target = document.getElementById('app');
if (!target) throw new Error('index.html has no #app element');
// The saved language's messages are in place before the first render.
export default setupI18n().then(() => mount(App, { target }));
