// The offline demo page: a classic script over the globals of chiplight.js (Chiplight),
// chiplight-highlighter.js (ChiplightHighlighter) and samples.js (ChiplightSamples).
(function demo() {
  'use strict';

  const TEXT = {
    en: {
      tagline: 'the cloud loophole, highlighted', lexicon: 'Lexicon', offline: 'works offline, nothing leaves this page',
      textHeading: 'Text to check', sampleLabel: 'Bundled sample', pasteLabel: 'Or paste any text (news article, tender notice…)',
      run: 'Highlight this text', pasteHint: 'Ctrl+Enter highlights it.', drawing: 'Drawing', modeHighlight: 'CSS highlights (page untouched)',
      modeWrap: 'Wrapped elements (fallback)',
      keys: 'Keyboard: Alt+Shift+N and Alt+Shift+P move between terms, Enter opens the glossary card, Esc closes it. Hover or tap a term for its card.',
      catChip: 'Chip', catCloud: 'Cloud provider', catIntermediary: 'Intermediary', catRegulation: 'Regulation', catListed: 'Listed party',
      docHeading: 'Document', summary: 'Summary', pasted: 'Pasted text', toSummary: 'Summary', toControls: 'Other texts',
      missing: 'The matcher (chiplight.js) did not load. Build it with the main build command, then rebuild the demo.',
      failed: 'Chiplight could not start: ',
      listedLabel: 'Listed parties (US Entity List and MEU list)', listedLoading: 'Loading the listed parties…', listedAsOf: 'Listed parties: list as of ', listedFailed: 'The listed parties could not be loaded: ',
    },
    'zh-Hans': {
      tagline: '云端漏洞，一目了然', lexicon: '词库', offline: '离线可用，内容不会离开本页',
      textHeading: '要检查的文本', sampleLabel: '内置示例', pasteLabel: '或粘贴任意文本（新闻、招标公告……）',
      run: '高亮此文本', pasteHint: '按 Ctrl+Enter 高亮。', drawing: '显示方式', modeHighlight: 'CSS 高亮（不改动页面）', modeWrap: '包裹元素（兼容模式）',
      keys: '键盘：Alt+Shift+N 与 Alt+Shift+P 在术语间移动，回车打开术语卡片，Esc 关闭。鼠标悬停或轻触术语也可打开卡片。',
      catChip: '芯片', catCloud: '云服务商', catIntermediary: '中介', catRegulation: '法规', catListed: '列名实体',
      docHeading: '文档', summary: '摘要', pasted: '粘贴的文本', toSummary: '摘要', toControls: '其他文本',
      missing: '匹配器（chiplight.js）未加载。请先用主构建命令构建，再重新生成演示页。',
      failed: 'Chiplight 无法启动：',
      listedLabel: '列名实体（美国实体清单、军事最终用户清单）', listedLoading: '正在加载列名实体……', listedAsOf: '列名实体：清单版本 ', listedFailed: '无法加载列名实体：',
    },
    'zh-Hant': {
      tagline: '雲端漏洞，一目了然', lexicon: '詞庫', offline: '離線可用，內容不會離開本頁',
      textHeading: '要檢查的文字', sampleLabel: '內建範例', pasteLabel: '或貼上任意文字（新聞、招標公告……）',
      run: '標示此文字', pasteHint: '按 Ctrl+Enter 標示。', drawing: '顯示方式', modeHighlight: 'CSS 標示（不改動頁面）', modeWrap: '包裹元素（相容模式）',
      keys: '鍵盤：Alt+Shift+N 與 Alt+Shift+P 在術語間移動，Enter 開啟術語卡片，Esc 關閉。滑鼠停留或輕觸術語也可開啟卡片。',
      catChip: '晶片', catCloud: '雲端服務商', catIntermediary: '中介', catRegulation: '法規', catListed: '列名實體',
      docHeading: '文件', summary: '摘要', pasted: '貼上的文字', toSummary: '摘要', toControls: '其他文字',
      missing: '比對器（chiplight.js）未載入。請先以主要建置指令建置，再重新產生示範頁。',
      failed: 'Chiplight 無法啟動：',
      listedLabel: '列名實體（美國實體清單、軍事最終用戶清單）', listedLoading: '正在載入列名實體……', listedAsOf: '列名實體：清單版本 ', listedFailed: '無法載入列名實體：',
    },
  };

  const $ = (id) => document.getElementById(id);
  const params = new URLSearchParams(location.search);
  const H = globalThis.ChiplightHighlighter;
  const uiLang = H ? H.resolveUiLang(params.get('lang') || undefined) : 'en';
  const t = TEXT[uiLang] || TEXT.en;
  const samples = globalThis.ChiplightSamples || [];
  const state = { matcher: null, controller: null, listed: 'none' };

  function fatal(message) {
    const box = $('fatal');
    box.textContent = message;
    box.hidden = false;
  }

  function translatePage() {
    document.documentElement.lang = uiLang;
    for (const node of document.querySelectorAll('[data-i18n]')) {
      const key = node.getAttribute('data-i18n');
      if (t[key]) node.textContent = t[key];
    }
    $('summary').setAttribute('aria-label', t.summary);
  }

  function looksChinese(text) {
    const cjk = (text.match(/[\u3400-\u9fff]/g) || []).length;
    return cjk > text.length / 10;
  }

  /** Paragraphs from plain text: blank lines separate them; a short first line is the title. */
  function renderText(text, lang) {
    const box = $('text');
    box.replaceChildren();
    box.lang = lang || (looksChinese(text) ? 'zh' : 'en');
    const blocks = text.replace(/\r\n?/g, '\n').split(/\n\s*\n/).map((b) => b.trim()).filter(Boolean);
    blocks.forEach((block, i) => {
      const isTitle = i === 0 && block.length < 160 && !block.includes('\n') && !/[.。!?！？]$/.test(block);
      const node = document.createElement(isTitle ? 'h3' : 'p');
      node.textContent = block;
      box.appendChild(node);
    });
  }

  function mode() {
    const checked = document.querySelector('input[name="mode"]:checked');
    return checked ? checked.value : 'highlight';
  }

  function highlightNow(text, lang) {
    if (state.controller) state.controller.clear();
    state.controller = null;
    renderText(text, lang);
    if (!state.matcher) return;
    const controller = H.highlight($('text'), { matcher: state.matcher, mode: mode(), lang: uiLang, cards: true });
    controller.addEventListener('error', (e) => {
      const err = e.detail && e.detail.error;
      fatal(t.failed + (err && err.message ? err.message : String(err)));
    });
    state.controller = controller;
    H.createSummaryPanel(controller, $('summary'), { lang: uiLang });
    window.chiplightDemo = { controller, matcher: state.matcher, listed: state.listed };
  }

  // The packaged listed parties (listed.js, a classic script: file:// can't fetch) read from the
  // tables the build stored for them; tables that don't read fall back to compiling the list, with
  // one console warning (docs/listed-parties.md).
  function loadListedScript() {
    if (globalThis.ChiplightListed) return Promise.resolve(globalThis.ChiplightListed);
    return new Promise((resolve, reject) => {
      const script = document.createElement('script');
      script.src = 'listed.js';
      script.onload = () => (globalThis.ChiplightListed ? resolve(globalThis.ChiplightListed) : reject(new Error('listed.js defines no list')));
      script.onerror = () => reject(new Error('listed.js did not load'));
      document.head.appendChild(script);
    });
  }

  function fromBase64(text) {
    const binary = atob(text);
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
    return bytes;
  }

  async function listedMatcher() {
    const data = await loadListedScript();
    try {
      return { matcher: await globalThis.Chiplight.createMatcher({ listed: { json: data.json, tables: fromBase64(data.tables) } }), listed: 'tables', listDate: data.listDate };
    } catch (error) {
      console.warn(`Chiplight: the packaged listed parties' stored tables were not read (${error && error.message}); compiling the list instead`);
    }
    const entries = JSON.parse(data.json).entries;
    return { matcher: await globalThis.Chiplight.createMatcher({ extraTerms: entries }), listed: 'compiled', listDate: data.listDate };
  }

  async function setListed(on) {
    const status = $('listed-status');
    $('listed').disabled = true;
    status.textContent = on ? t.listedLoading : '';
    try {
      const next = on ? await listedMatcher() : { matcher: await globalThis.Chiplight.createMatcher(), listed: 'none', listDate: '' };
      const old = state.matcher;
      if (state.controller) state.controller.clear();
      state.controller = null;
      state.matcher = next.matcher;
      state.listed = next.listed;
      if (old) old.dispose();
      status.textContent = on ? t.listedAsOf + next.listDate : '';
      highlightNow($('paste').value, undefined);
    } catch (error) {
      $('listed').checked = !on;
      status.textContent = t.listedFailed + (error && error.message ? error.message : String(error));
    } finally {
      $('listed').disabled = false;
    }
  }

  function sampleTitle(s) {
    return (uiLang !== 'en' && s.title.zh) || s.title.en;
  }

  function fillSamples() {
    const select = $('sample');
    for (const s of samples) {
      const option = document.createElement('option');
      option.value = s.id;
      option.textContent = sampleTitle(s);
      select.appendChild(option);
    }
    const pasted = document.createElement('option');
    pasted.value = '';
    pasted.textContent = t.pasted;
    select.appendChild(pasted);
  }

  function loadSample(id) {
    const s = samples.find((x) => x.id === id);
    if (!s) return;
    $('sample').value = s.id;
    $('paste').value = s.text;
    highlightNow(s.text, s.lang);
  }

  async function init() {
    translatePage();
    fillSamples();
    $('sample').addEventListener('change', () => {
      const id = $('sample').value;
      if (id) loadSample(id);
    });
    $('run').addEventListener('click', () => {
      const text = $('paste').value;
      const s = samples.find((x) => x.text === text);
      $('sample').value = s ? s.id : '';
      highlightNow(text, s ? s.lang : undefined);
      $('doc').focus();
    });
    $('paste').addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
        e.preventDefault();
        $('run').click();
      }
    });
    for (const radio of document.querySelectorAll('input[name="mode"]')) {
      radio.addEventListener('change', () => highlightNow($('paste').value, undefined));
    }
    if (!H || !globalThis.Chiplight || typeof globalThis.Chiplight.createMatcher !== 'function') {
      fatal(t.missing);
      return;
    }
    try {
      state.matcher = await globalThis.Chiplight.createMatcher();
      $('lexicon-version').textContent = state.matcher.lexiconVersion || '?';
    } catch (error) {
      fatal(t.failed + (error && error.message ? error.message : String(error)));
      return;
    }
    const first = params.get('sample') || (samples[0] && samples[0].id);
    loadSample(first);
    $('listed').addEventListener('change', () => setListed($('listed').checked));
    if (params.get('listed') === '1') {
      $('listed').checked = true;
      await setListed(true);
    }
  }

  init();
}());
