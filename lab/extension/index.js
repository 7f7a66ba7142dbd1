// Second Line in JupyterLab. One command, "Start module", on every notebook's toolbar and first in the Run menu:
// it waits for the kernel, runs every cell, puts the learner back at the top of the module and saves the notebook,
// so the learner begins reading at the title and closing the tab never asks to save.
// Plain JavaScript with no imports: it uses only the application object JupyterLab hands to every plugin.
// Built with @jupyterlab/builder (`npm install && npm run build` here); the result is committed in prebuilt/.

const COMMAND = 'secondline:start-module';
// The command's words in each translation of the course, chosen by the language JupyterLab shows (its language
// pack sets the page's lang). They match content/i18n/<lang>/messages.po, msgctxt "ui:lab" (tests/test_i18n.py).
const WORDS = {
  es: {
    'Start module': 'Iniciar módulo',
    'Run every part of this module, go back to its top and save it':
      'Ejecutar todas las partes de este módulo, volver al principio y guardarlo'
  }
};

function say(english) {
  const lang = (document.documentElement.lang || 'en').slice(0, 2);
  return (WORDS[lang] && WORDS[lang][english]) || english;
}

function currentNotebook(app) {
  const widget = app.shell.currentWidget;
  return widget && widget.content && widget.context && widget.sessionContext ? widget : null;
}

async function startModule(app) {
  const panel = currentNotebook(app);
  if (!panel) {
    return false;
  }
  await panel.context.ready;
  await panel.sessionContext.ready;
  const done = await app.commands.execute('notebook:run-all-cells');
  const notebook = panel.content;
  notebook.activeCellIndex = 0;
  notebook.deselectAll();
  notebook.mode = 'command';
  await notebook.scrollToItem(0, 'start');
  notebook.node.scrollTop = 0;
  if (panel.context.model.dirty && !panel.context.model.readOnly) {
    await panel.context.save();
  }
  return done;
}

const plugin = {
  id: 'secondline-jupyterlab:plugin',
  description: 'Start module: run every cell, return to the top, save.',
  autoStart: true,
  activate: app => {
    app.commands.addCommand(COMMAND, {
      label: () => say('Start module'),
      caption: () => say('Run every part of this module, go back to its top and save it'),
      isEnabled: () => currentNotebook(app) !== null,
      execute: () => startModule(app)
    });
  }
};

export default plugin;
