'use strict';
// The agent workspace: a small script over ticket-service's own REST API, signed in by the page session's cookie.
// Every change sends the session's CSRF token; every text from the server is set with textContent, never as HTML.

const TEXT = {
  en: {
    skip: 'Skip to the tickets', search: 'Search tickets', searchHint: 'Search subject and messages (/)', otherLanguage: '日本語',
    shortcuts: 'Shortcuts (?)', signOut: 'Sign out', views: 'Views', channel: 'Channel', priority: 'Priority', tag: 'Tag',
    requester: 'Requester', apply: 'Apply', more: 'More', any: 'Any', compose: 'Answer', publicReply: 'Public reply',
    internalNote: 'Internal note', message: 'Message', send: 'Send', macro: 'Macro', applyMacro: 'Apply macro',
    properties: 'Properties', status: 'Status', queue: 'Queue', assignee: 'Assignee', tags: 'Tags', save: 'Save',
    assignToMe: 'Assign to me', solve: 'Solve', contact: 'Contact', close: 'Close', routing: 'Routing',
    dueAt: '{0} due {1}', overdue: '{0} overdue since {1}', breachedTag: 'SLA breached',
    clockMet: '{0} met', clockPaused: '{0} paused', clockBreached: '{0} breached at {1}', 'first-reply': 'first reply',
    'next-reply': 'next reply', resolution: 'resolution', noClock: 'No SLA clock running.',
    routedBy: 'Rule {0}', chosenVia: 'chosen by {0}', notRouted: 'Not routed yet.', onCall: 'on-call rota {0}', cover: 'cover {0}',
    escalated: 'escalated: {0}',
    mine: 'Mine', unassigned: 'Unassigned', slaDue: 'SLA due within 1 h / breached', pending: 'Pending', onHold: 'On hold', recentlySolved: 'Recently solved',
    queueView: 'Queue {0}', searchView: 'Search: {0}', noTickets: 'No tickets here.', noMacro: '(choose a macro)',
    new: 'new', open: 'open', 'on-hold': 'on-hold', solved: 'solved', closed: 'closed', urgent: 'urgent', high: 'high', normal: 'normal', low: 'low',
    customer: 'Customer', attachments: 'Attachments', reply: 'Public reply by {0}', note: 'Internal note by {0} (not visible to the customer)',
    delivery: 'delivery: {0}', recorded: 'recorded', sent: 'sent', failed: 'failed', retrying: 'retrying',
    live: 'Live', reconnecting: 'Reconnecting…', viewing: '{0} is also viewing this ticket.', replying: '{0} is replying to this ticket.',
    changedBySomeoneElse: 'Changed by someone else: now {0}. Your change was not saved; the form shows the new values.',
    saved: 'Saved.', notAllowed: 'Not possible: {0}', assignedTo: 'assigned to {0}', unassignedNow: 'unassigned',
    via: 'via {0}', created: 'created {0}', otherTickets: 'Other tickets', identities: 'Identities',
    help: [['j / k', 'next / previous ticket'], ['r', 'reply to the customer'], ['n', 'internal note'], ['s', 'solve'],
      ['a', 'assign to me'], ['/', 'search'], ['?', 'these shortcuts'], ['Esc', 'leave the text field']],
  },
  ja: {
    skip: 'チケット一覧へ移動', search: 'チケットを検索', searchHint: '件名とメッセージを検索 (/)', otherLanguage: 'English',
    shortcuts: 'ショートカット (?)', signOut: 'サインアウト', views: 'ビュー', channel: 'チャネル', priority: '優先度', tag: 'タグ',
    requester: '問い合わせ者', apply: '絞り込む', more: 'さらに表示', any: 'すべて', compose: '回答', publicReply: '顧客への返信',
    internalNote: '社内メモ', message: 'メッセージ', send: '送信', macro: 'マクロ', applyMacro: 'マクロを適用',
    properties: 'プロパティ', status: 'ステータス', queue: 'キュー', assignee: '担当者', tags: 'タグ', save: '保存',
    assignToMe: '自分に割り当て', solve: '解決', contact: '連絡先', close: '閉じる', routing: 'ルーティング',
    dueAt: '{0} 期限 {1}', overdue: '{0} 期限超過（{1}）', breachedTag: 'SLA 超過',
    clockMet: '{0} 達成', clockPaused: '{0} 一時停止中', clockBreached: '{0} 超過（{1}）', 'first-reply': '初回応答',
    'next-reply': '次回応答', resolution: '解決', noClock: '動いている SLA クロックはありません。',
    routedBy: 'ルール {0}', chosenVia: '{0} により選択', notRouted: 'まだルーティングされていません。', onCall: 'オンコール {0}', cover: '代理 {0}',
    escalated: 'エスカレーション: {0}',
    mine: '自分の担当', unassigned: '未割り当て', slaDue: 'SLA 期限 1 時間以内・超過', pending: '保留（顧客待ち）', onHold: '保留（社内）', recentlySolved: '最近解決',
    queueView: 'キュー {0}', searchView: '検索: {0}', noTickets: 'チケットはありません。', noMacro: '（マクロを選択）',
    new: '新規', open: '対応中', 'on-hold': '保留（社内）', solved: '解決済み', closed: '完了', urgent: '緊急', high: '高', normal: '通常', low: '低',
    customer: '顧客', attachments: '添付ファイル', reply: '{0} の返信', note: '{0} の社内メモ（顧客には表示されません）',
    delivery: '配信: {0}', recorded: '記録済み', sent: '送信済み', failed: '失敗', retrying: '再試行中',
    live: 'ライブ', reconnecting: '再接続中…', viewing: '{0} さんもこのチケットを表示しています。', replying: '{0} さんがこのチケットに返信中です。',
    changedBySomeoneElse: '他の人が変更しました（現在: {0}）。あなたの変更は保存されていません。フォームは新しい値を表示しています。',
    saved: '保存しました。', notAllowed: '変更できません: {0}', assignedTo: '担当 {0}', unassignedNow: '未割り当て',
    via: '{0} 経由', created: '{0} 作成', otherTickets: 'ほかのチケット', identities: 'ID',
    help: [['j / k', '次 / 前のチケット'], ['r', '顧客へ返信'], ['n', '社内メモ'], ['s', '解決'],
      ['a', '自分に割り当て'], ['/', '検索'], ['?', 'ショートカット一覧'], ['Esc', '入力欄から抜ける']],
  },
};

const state = {
  lang: 'en',
  me: null, csrf: null, view: { id: 'mine' }, counts: null, tickets: [], cursor: null, current: null, version: null,
  macros: [], others: new Map(), formDirty: false, leaving: false, source: null, lastAnnounced: 0, presenceTimer: null, replyingSent: 0, reloadTimer: null, connectedBefore: false,
  retryTimer: null, retryDelay: 1000,
};
state.lang = localStorage.getItem('madoguchi.lang') || ((navigator.language || 'en').toLowerCase().startsWith('ja') ? 'ja' : 'en');

const $ = (id) => document.getElementById(id);
const t = (key, ...args) => {
  const text = TEXT[state.lang][key] ?? TEXT.en[key] ?? key;
  return typeof text === 'string' ? text.replace(/\{(\d)\}/g, (_, i) => args[i] ?? '') : text;
};

async function api(method, path, body, headers = {}) {
  const init = { method, headers: { Accept: 'application/json', ...headers }, credentials: 'same-origin', keepalive: method !== 'GET' };
  if (method !== 'GET') {
    init.headers['X-CSRF-Token'] = state.csrf;
  }
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  const response = await fetch(path, init);
  if (response.status === 401) {
    // the session ended (expired, or signed out in another tab): sign in again, unless this page is being left
    if (!state.leaving) location.reload();
    throw new Error('signed out');
  }
  const type = response.headers.get('Content-Type') || '';
  const data = type.includes('json') ? await response.json() : null;
  return { status: response.status, data, etag: response.headers.get('ETag') };
}

function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  Object.entries(props).forEach(([k, v]) => {
    if (k === 'class') node.className = v;
    else if (k === 'text') node.textContent = v;
    else if (k.startsWith('data-') || k.startsWith('aria-')) node.setAttribute(k, v);
    else node[k] = v;
  });
  children.filter((c) => c != null).forEach((c) => node.append(c));
  return node;
}

const size = (bytes) => (bytes < 1024 ? `${bytes} B` : bytes < 1048576 ? `${(bytes / 1024).toFixed(0)} KB` : `${(bytes / 1048576).toFixed(1)} MB`);
const time = (iso) => (iso ? new Date(iso).toLocaleString(state.lang === 'ja' ? 'ja-JP' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short' }) : '');

// ---- language -------------------------------------------------------------------------------------------------
function applyLanguage() {
  document.documentElement.lang = state.lang;
  document.querySelectorAll('[data-i18n]').forEach((node) => { node.textContent = t(node.dataset.i18n); });
  document.querySelectorAll('[data-i18n-placeholder]').forEach((node) => { node.placeholder = t(node.dataset.i18nPlaceholder); });
  $('conversation').setAttribute('aria-label', state.lang === 'ja' ? '会話' : 'Conversation');
  const list = $('shortcut-list');
  list.replaceChildren(...t('help').flatMap(([keys, what]) => [el('dt', {}, el('kbd', { text: keys })), el('dd', { text: what })]));
  renderViews();
  renderList();
  if (state.current) renderTicket(state.current);
  renderMacros();
}

// ---- views and list -------------------------------------------------------------------------------------------
const VIEWS = [
  { id: 'mine', count: 'mine', query: () => ({ assignee: state.me.subject, status: 'new,open' }) },
  { id: 'unassigned', count: 'unassigned', query: () => ({ unassigned: 'true', status: 'new,open' }) },
  { id: 'slaDue', count: 'slaDue', query: () => ({ slaDue: 'true' }) },
  { id: 'pending', count: 'pending', query: () => ({ status: 'pending' }) },
  { id: 'onHold', count: 'onHold', query: () => ({ status: 'on-hold' }) },
  { id: 'recentlySolved', count: 'recentlySolved', query: () => ({ status: 'solved' }) },
];

function viewQuery(view) {
  if (view.id === 'queue') return { queue: view.queue, status: 'new,open,pending,on-hold' };
  if (view.id === 'search') return { q: view.q };
  return VIEWS.find((v) => v.id === view.id).query();
}

function viewTitle(view) {
  if (view.id === 'queue') return t('queueView', view.queue);
  if (view.id === 'search') return t('searchView', view.q);
  return t(view.id);
}

function renderViews() {
  const items = VIEWS.map((v) => ({ view: { id: v.id }, label: t(v.id), count: state.counts?.[v.count] }));
  Object.entries(state.counts?.queues || {}).forEach(([queue, count]) => items.push({ view: { id: 'queue', queue }, label: t('queueView', queue), count }));
  $('views').replaceChildren(...items.map(({ view, label, count }) => {
    const current = view.id === state.view.id && view.queue === state.view.queue;
    const button = el('button', { type: 'button', 'aria-current': String(current), 'data-view': view.id + (view.queue ? ':' + view.queue : '') },
      el('span', { text: label }), el('span', { class: 'count', text: count == null ? '' : String(count) }));
    button.addEventListener('click', () => selectView(view));
    return el('li', {}, button);
  }));
  $('list-title').textContent = viewTitle(state.view);
}

async function loadCounts() {
  const { status, data } = await api('GET', '/api/v1/tickets/views');
  if (status === 200) {
    state.counts = data;
    renderViews();
  }
}

function selectView(view) {
  state.view = view;
  renderViews();
  loadList(true);
}

async function loadList(reset) {
  const params = new URLSearchParams({ limit: '25', ...viewQuery(state.view) });
  new FormData($('filters')).forEach((value, key) => { if (value) params.set(key, value); });
  if (!reset && state.cursor) params.set('cursor', state.cursor);
  const { status, data } = await api('GET', '/api/v1/tickets?' + params);
  if (status !== 200) return;
  state.tickets = reset ? data.items : state.tickets.concat(data.items);
  state.cursor = data.nextCursor;
  renderList();
}

function renderList() {
  const list = $('tickets');
  if (!state.tickets.length) {
    list.replaceChildren(el('li', { class: 'empty', text: t('noTickets') }));
  } else {
    list.replaceChildren(...state.tickets.map((ticket) => {
      const button = el('button', { type: 'button', 'data-ticket': String(ticket.id), 'aria-current': String(state.current?.id === ticket.id) },
        el('span', { class: 'subject', text: `${ticket.reference} ${ticket.subject || ''}` }),
        el('span', { class: 'sub' },
          el('span', { class: 'badge ' + ticket.priority, text: t(ticket.priority) }),
          el('span', { class: 'badge', text: t(ticket.status) }),
          ...ticket.tags.filter((tag) => tag === 'sla-breached').map(() => el('span', { class: 'badge breached', text: t('breachedTag') })),
          ticket.sla ? el('span', { class: 'badge due', 'data-due': ticket.sla.dueAt, text: slaText(ticket.sla) }) : null,
          document.createTextNode(`${ticket.channel} · ${ticket.requester?.name || ticket.requester?.email || ''} · ${time(ticket.updatedAt)}`)));
      button.addEventListener('click', () => openTicket(ticket.id));
      return el('li', {}, button);
    }));
  }
  $('more').hidden = !state.cursor;
}

// ---- one ticket -----------------------------------------------------------------------------------------------
async function openTicket(id, { keepMessages } = {}) {
  const { status, data, etag } = await api('GET', '/api/v1/tickets/' + id);
  if (status !== 200) return;
  // read after the request: of two openings of the same ticket at once, only the first is a change of ticket
  const previous = state.current?.id;
  const editing = previous === id && state.formDirty;
  state.current = data;
  // while the agent edits the properties, their save is checked against the version they began from: a change by
  // someone else meanwhile answers 412 and is shown, never silently overwritten
  if (!editing) state.version = etag;
  if (previous !== id) {
    if (previous) announce(previous, 'left');
    state.others.clear();
    $('conflict').hidden = true;
    if (!keepMessages) $('body').value = '';
    history.replaceState(null, '', '#ticket=' + id);
    announce(id, 'viewing');
    clearInterval(state.presenceTimer);
    state.presenceTimer = setInterval(() => announce(state.current.id, $('body').value ? 'replying' : 'viewing'), 30000);
    document.body.classList.add('reading');
  }
  renderTicket(data);
  renderList();
  loadContact(data);
}

function renderTicket(ticket) {
  $('ticket').hidden = false;
  $('ticket-title').textContent = `${ticket.reference} ${ticket.subject || ''}`;
  const requester = ticket.requester?.name || ticket.requester?.email || ticket.requester?.id || '';
  $('ticket-meta').textContent = [requester, t('via', ticket.channel), t('created', time(ticket.createdAt)),
    ticket.assignee ? t('assignedTo', ticket.assignee) : t('unassignedNow'), ticket.queue ? t('queueView', ticket.queue) : null]
    .filter(Boolean).join(' · ');
  $('conversation').replaceChildren(...ticket.messages.map((m) => {
    const kind = m.authorType === 'agent' ? (m.visibility === 'internal' ? 'note' : 'reply') : 'customer';
    const who = kind === 'customer' ? `${t('customer')} · ${m.channel || ticket.channel}` : t(kind, m.authorId || '');
    const header = el('span', { class: 'who', text: `${who} · ${time(m.createdAt)}` });
    if (kind === 'reply') {
      const delivered = m.delivery?.status === 'pending' ? 'recorded' : m.delivery?.status || 'recorded';
      header.append(el('span', { class: 'delivery ' + delivered, 'data-delivery': delivered, text: t('delivery', t(delivered)) }));
    }
    const files = (m.attachments || []).map((a) => el('li', { 'data-sha256': a.sha256,
      text: `${a.filename || a.sha256.slice(0, 12)} (${a.contentType}, ${size(a.size)})` }));
    return el('li', { class: kind, 'data-kind': kind }, header, document.createTextNode(m.body || ''),
      files.length ? el('ul', { class: 'attachments', 'aria-label': t('attachments') }, ...files) : null);
  }));
  if (!state.formDirty) fillProperties(ticket);
  renderRouting(ticket);
  renderSla(ticket);
  renderCollision();
}

function fillProperties(ticket) {
  const form = $('properties');
  state.formDirty = false;
  form.status.value = ticket.status;
  form.priority.value = ticket.priority;
  form.queue.value = ticket.queue || '';
  form.assignee.value = ticket.assignee || '';
  form.tags.value = ticket.tags.join(' ');
}

function slaText(sla) {
  const metric = t(sla.metric);
  return new Date(sla.dueAt) < new Date() ? t('overdue', metric, time(sla.dueAt)) : t('dueAt', metric, time(sla.dueAt));
}

function clockText(clock) {
  const metric = t(clock.metric);
  if (clock.state === 'running') return slaText(clock);
  if (clock.state === 'breached') return t('clockBreached', metric, time(clock.dueAt));
  return t(clock.state === 'met' ? 'clockMet' : 'clockPaused', metric);
}

function renderSla(ticket) {
  const clocks = ticket.sla?.clocks;
  // announced before escalation-service named every clock: the next due time and the breach tag only
  const lines = clocks?.length ? clocks.map(clockText)
    : [ticket.sla?.dueAt ? slaText(ticket.sla) : t('noClock'), ...(ticket.tags.includes('sla-breached') ? [t('breachedTag')] : [])];
  $('sla').replaceChildren(...lines.map((line, i) => el('li', { 'data-state': clocks?.[i]?.state || '', text: line })));
}

function renderRouting(ticket) {
  const routing = ticket.routing;
  if (!routing) {
    $('routing').textContent = t('notRouted');
    return;
  }
  const rule = routing.rule.startsWith('escalation:') ? t('escalated', routing.rule.slice('escalation:'.length)) : t('routedBy', routing.rule);
  const [kind, name] = (routing.via || '').split(':');
  const via = kind === 'on-call' ? t('onCall', name) : kind === 'cover' ? t('cover', name) : null;
  $('routing').textContent = [rule, ticket.queue ? t('queueView', ticket.queue) : null, via ? t('chosenVia', via) : null,
    time(routing.at)].filter(Boolean).join(' · ');
}

async function loadContact(ticket) {
  const box = $('contact');
  if (!ticket.contactId) {
    box.replaceChildren();
    return;
  }
  const [contact, others] = await Promise.all([api('GET', '/api/v1/contacts/' + ticket.contactId),
    api('GET', `/api/v1/tickets?contact=${ticket.contactId}&limit=10`)]);
  if (contact.status !== 200) return;
  const identities = el('ul', {}, ...contact.data.identities.map((i) => el('li', { text: `${i.kind}: ${i.value}` })));
  const tickets = el('ul', {}, ...(others.data?.items || []).filter((o) => o.id !== ticket.id).map((o) => {
    const link = el('a', { href: '#ticket=' + o.id, text: `${o.reference} ${o.subject || ''} (${t(o.status)})` });
    link.addEventListener('click', (event) => { event.preventDefault(); openTicket(o.id); });
    return el('li', {}, link);
  }));
  box.replaceChildren(el('p', { text: contact.data.displayName || '' }), el('h4', { text: t('identities') }), identities,
    el('h4', { text: t('otherTickets') }), tickets);
}

function describe(ticket) {
  return [t(ticket.status), t(ticket.priority), ticket.assignee ? t('assignedTo', ticket.assignee) : t('unassignedNow'),
    ticket.queue ? t('queueView', ticket.queue) : null, ticket.tags.length ? ticket.tags.join(' ') : null].filter(Boolean).join(', ');
}

async function change(fields) {
  const id = state.current.id;
  const { status, data, etag } = await api('PATCH', '/api/v1/tickets/' + id, fields, { 'If-Match': state.version });
  const notice = $('conflict');
  if (status === 200) {
    state.version = etag;
    state.formDirty = false;
    notice.hidden = true;
    await openTicket(id, { keepMessages: true });
    return true;
  }
  if (status === 412) {
    const fresh = await api('GET', '/api/v1/tickets/' + id);
    state.current = fresh.data;
    state.version = fresh.etag;
    fillProperties(fresh.data);
    renderTicket(fresh.data);
    notice.textContent = t('changedBySomeoneElse', describe(fresh.data));
  } else {
    notice.textContent = t('notAllowed', data?.detail || data?.title || status);
  }
  notice.hidden = false;
  return false;
}

function propertiesFromForm() {
  const form = $('properties');
  return {
    status: form.status.value, priority: form.priority.value, queue: form.queue.value.trim() || null,
    assignee: form.assignee.value.trim(), tags: form.tags.value.split(/[\s,]+/).filter(Boolean),
  };
}

async function send(event) {
  event?.preventDefault();
  const body = $('body').value.trim();
  if (!body || !state.current) return;
  const visibility = new FormData($('composer')).get('visibility');
  const { status, data } = await api('POST', `/api/v1/tickets/${state.current.id}/messages`, { body, visibility });
  if (status === 201) {
    $('body').value = '';
    announce(state.current.id, 'viewing');
    await openTicket(state.current.id);
  } else {
    $('conflict').textContent = t('notAllowed', data?.detail || status);
    $('conflict').hidden = false;
  }
}

async function applyMacro() {
  const macro = $('macro').value;
  if (!macro || !state.current) return;
  const { status, data, etag } = await api('POST', `/api/v1/tickets/${state.current.id}/macros/${macro}`, undefined, { 'If-Match': state.version });
  if (status === 200) {
    state.version = etag;
    await openTicket(state.current.id, { keepMessages: true });
  } else if (status === 412) {
    await change({});
  } else {
    $('conflict').textContent = t('notAllowed', data?.detail || status);
    $('conflict').hidden = false;
  }
}

function renderMacros() {
  $('macro').replaceChildren(el('option', { value: '', text: t('noMacro') }),
    ...state.macros.map((m) => el('option', { value: String(m.id), text: m.name })));
}

// ---- live: changes and presence -------------------------------------------------------------------------------
function announce(ticketId, activity) {
  // the others answer a newcomer's announcement once: made before this page's stream is open, their answers would go
  // unheard until their next repeat, half a minute later. The stream's opening makes it instead (see connect)
  if (activity !== 'left' && state.source?.readyState !== EventSource.OPEN) return;
  state.lastAnnounced = Date.now();
  api('POST', `/api/v1/live/tickets/${ticketId}/presence`, { activity }).catch(() => {});
}

function renderCollision() {
  const banner = $('collision');
  const others = [...state.others.values()];
  if (!others.length) {
    banner.hidden = true;
    return;
  }
  banner.textContent = others.map((o) => t(o.activity === 'replying' ? 'replying' : 'viewing', o.name || o.agent)).join(' ');
  banner.hidden = false;
}

function onUpdate(update) {
  if (update.kind === 'presence') {
    if (!state.current || update.ticketId !== state.current.id || update.agent === state.me.subject) return;
    if (update.activity === 'left') {
      state.others.delete(update.agent);
    } else {
      const known = state.others.has(update.agent);
      state.others.set(update.agent, update);
      // so that the newcomer sees us too
      if (!known && Date.now() - state.lastAnnounced > 1000) announce(state.current.id, $('body').value ? 'replying' : 'viewing');
    }
    renderCollision();
  } else if (update.kind === 'ticket') {
    if (state.current && update.ticketId === state.current.id) openTicket(state.current.id, { keepMessages: true });
    scheduleReload();
  }
}

function scheduleReload() {
  clearTimeout(state.reloadTimer);
  state.reloadTimer = setTimeout(() => { loadCounts(); loadList(true); }, 250);
}

function connect() {
  const source = new EventSource('/api/v1/live');
  state.source = source;
  source.addEventListener('open', () => {
    state.retryDelay = 1000;
    $('live').textContent = t('live');
    $('live').dataset.state = 'live';
    if (state.current) announce(state.current.id, $('body').value ? 'replying' : 'viewing');
    // after a reconnect (a restart, a network drop) what was missed is read again
    if (state.connectedBefore) {
      scheduleReload();
      if (state.current) openTicket(state.current.id, { keepMessages: true });
    }
    state.connectedBefore = true;
  });
  source.addEventListener('message', (event) => onUpdate(JSON.parse(event.data)));
  source.addEventListener('error', () => {
    $('live').textContent = t('reconnecting');
    $('live').dataset.state = 'reconnecting';
    // the browser retries a dropped connection by itself but gives up on an answer that is no stream (a replica
    // shutting down answers 503, a proxy without a replica 502): then this page tries again, slower each time
    if (source.readyState === EventSource.CLOSED) reconnectLater();
  });
}

async function reconnect() {
  try {
    // a session that ended meanwhile sends the page to sign-in (api reloads on 401)
    const session = await api('GET', '/auth/session');
    if (session.status === 200) {
      state.connectedBefore = true;
      connect();
      return;
    }
  } catch (e) {
    // the service is not back yet
  }
  reconnectLater();
}

function reconnectLater() {
  if (state.leaving) return;
  clearTimeout(state.retryTimer);
  state.retryTimer = setTimeout(reconnect, state.retryDelay);
  state.retryDelay = Math.min(2 * state.retryDelay, 30000);
}

// ---- keyboard -------------------------------------------------------------------------------------------------
function move(step) {
  if (!state.tickets.length) return;
  const index = state.tickets.findIndex((ticket) => ticket.id === state.current?.id);
  const next = state.tickets[Math.min(state.tickets.length - 1, Math.max(0, index + step))];
  openTicket(next.id).then(() => document.querySelector(`[data-ticket="${next.id}"]`)?.focus());
}

function compose(visibility) {
  if (!state.current) return;
  document.querySelector(`#composer input[value="${visibility}"]`).checked = true;
  $('composer').classList.toggle('internal', visibility === 'internal');
  $('body').focus();
}

function onKey(event) {
  const typing = event.target.closest('input, textarea, select');
  if (event.key === 'Escape' && typing) {
    event.target.blur();
    return;
  }
  if (typing || event.ctrlKey || event.metaKey || event.altKey || $('help').open) return;
  const actions = {
    j: () => move(1), k: () => move(-1), r: () => compose('public'), n: () => compose('internal'),
    s: () => state.current && change({ status: 'solved' }),
    a: () => state.current && change({ assignee: state.me.subject, status: state.current.status === 'new' ? 'open' : undefined }),
    '/': () => $('q').focus(), '?': () => $('help').showModal(),
  };
  if (actions[event.key]) {
    event.preventDefault();
    actions[event.key]();
  }
}

// ---- start ----------------------------------------------------------------------------------------------------
async function start() {
  const session = await api('GET', '/auth/session');
  state.me = session.data;
  state.csrf = session.data.csrfToken;
  $('sign-out-csrf').value = state.csrf;
  $('me').textContent = state.me.name;
  $('language').addEventListener('click', () => {
    state.lang = state.lang === 'ja' ? 'en' : 'ja';
    localStorage.setItem('madoguchi.lang', state.lang);
    applyLanguage();
  });
  $('help-open').addEventListener('click', () => $('help').showModal());
  $('filters').addEventListener('submit', (event) => { event.preventDefault(); loadList(true); });
  $('search').addEventListener('submit', (event) => {
    event.preventDefault();
    const q = $('q').value.trim();
    selectView(q ? { id: 'search', q } : { id: 'mine' });
  });
  $('more').addEventListener('click', () => loadList(false));
  $('composer').addEventListener('submit', send);
  $('composer').addEventListener('change', () => $('composer').classList.toggle('internal', new FormData($('composer')).get('visibility') === 'internal'));
  $('body').addEventListener('input', () => {
    if (state.current && Date.now() - state.replyingSent > 20000) {
      state.replyingSent = Date.now();
      announce(state.current.id, 'replying');
    }
  });
  $('apply-macro').addEventListener('click', applyMacro);
  $('properties').addEventListener('submit', (event) => { event.preventDefault(); change(propertiesFromForm()); });
  // an edit in progress keeps the version it began from (see openTicket)
  ['input', 'change'].forEach((type) => $('properties').addEventListener(type, () => { state.formDirty = true; }));
  $('take').addEventListener('click', () => change({ assignee: state.me.subject, status: state.current.status === 'new' ? 'open' : undefined }));
  $('solve').addEventListener('click', () => change({ status: 'solved' }));
  document.addEventListener('keydown', onKey);
  window.addEventListener('pagehide', () => {
    state.leaving = true;
    if (state.current) announce(state.current.id, 'left');
    // a page kept in the back-forward cache must not keep its stream: over HTTP/1.1 a browser opens six connections
    // to a host, and a few cached pages holding theirs would stall every new page of the workspace
    state.source?.close();
  });
  window.addEventListener('pageshow', (event) => {
    if (event.persisted) {
      state.leaving = false;
      state.connectedBefore = true;
      connect();
    }
  });
  $('sign-out').addEventListener('submit', async (event) => {
    // by script, not by the form: the form's redirect on to the identity provider would break the CSP's form-action
    event.preventDefault();
    state.leaving = true;
    const { data } = await api('POST', '/auth/sign-out');
    location.assign(data?.next || '/auth/signed-out');
  });
  window.addEventListener('hashchange', () => {
    const linked = /#ticket=(\d+)/.exec(location.hash);
    if (linked && Number(linked[1]) !== state.current?.id) openTicket(Number(linked[1]));
  });
  const macros = await api('GET', '/api/v1/macros');
  state.macros = macros.status === 200 ? macros.data : [];
  applyLanguage();
  connect();
  await loadCounts();
  await loadList(true);
  const opened = /#ticket=(\d+)/.exec(location.hash);
  if (opened) openTicket(Number(opened[1]));
}

start();
