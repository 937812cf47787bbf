// The support dashboard: reads /api/v1/stats/overview, /api/v1/stats/deliveries and /api/v1/kb/candidates with the
// page session's cookie (the agent workspace's sign-in; no token in URLs or web storage) and draws them. Every text
// that comes from the server is set with textContent, never as HTML.
'use strict';

const TEXT = {
  en: {
    title: 'Support dashboard', from: 'From', to: 'To', granularity: 'By', day: 'day', week: 'week', month: 'month',
    queue: 'Queue', zone: 'Time zone', apply: 'Apply', signOut: 'Sign out', created: 'Created', solved: 'Solved',
    backlog: 'Backlog at end', csat: 'Satisfaction (CSAT)', slaFirstReply: 'SLA: first reply', slaNextReply: 'SLA: next reply',
    slaResolution: 'SLA: resolution', firstReply: 'First reply p50 (business h)',
    oneTouch: 'One-touch resolution', deflection: 'Chatbot deflection', flowChart: 'Created, solved and backlog',
    satisfactionChart: 'Satisfaction and SLA achievement (%)', channelChart: 'Channel mix',
    deliveryChart: 'Failed deliveries by channel (all queues)', failedSeries: 'Failed (latest outcome)',
    faq: 'Top FAQ candidates (questions no help article covers; all queues)', topic: 'Topic', size: 'Tickets', trend: 'Trend',
    example: 'Example questions', showTickets: n => `Show its ${n} tickets`, hideTickets: 'Hide tickets', more: 'More tickets',
    answer: 'Answer: ', noAnswer: 'no public answer', formulas: 'How each figure is computed', rising: 'rising', steady: 'steady', falling: 'falling',
    csatSeries: 'CSAT %', slaSeries: 'SLA achievement % (all metrics)', backlogSeries: 'Backlog', createdSeries: 'Created', solvedSeries: 'Solved',
    language: '日本語', noData: 'no data', failed: 'Could not load the figures: ', noMeasurements: 'nothing measured',
    rated: n => `of ${n} rated`, clocks: (met, breached) => `of ${met + breached}: ${met} met, ${breached} breached`,
    replies: n => `of ${n} replies`, solvedTickets: n => `of ${n} solved tickets`,
    inquiries: (deflected, created) => `of ${deflected + created}: ${deflected} deflected, ${created} tickets`, notByQueue: 'not kept by queue or agent'
  },
  ja: {
    title: 'サポートダッシュボード', from: '開始', to: '終了', granularity: '集計単位', day: '日', week: '週', month: '月',
    queue: 'キュー', zone: 'タイムゾーン', apply: '表示', signOut: 'サインアウト', created: '新規チケット', solved: '解決',
    backlog: '期末の未解決', csat: '顧客満足度（CSAT）', slaFirstReply: 'SLA 達成率：初回応答', slaNextReply: 'SLA 達成率：次回応答',
    slaResolution: 'SLA 達成率：解決', firstReply: '初回応答 中央値（営業時間）',
    oneTouch: 'ワンタッチ解決率', deflection: 'チャットボット自己解決率', flowChart: '新規・解決・未解決件数',
    satisfactionChart: '満足度と SLA 達成率（%）', channelChart: 'チャネル別内訳',
    deliveryChart: 'チャネル別の配信失敗（全キュー）', failedSeries: '失敗（最新の結果）',
    faq: 'FAQ 候補（ヘルプ記事のない頻出質問・全キュー）', topic: 'トピック', size: '件数', trend: '傾向',
    example: '質問の例', showTickets: n => `${n} 件のチケットを表示`, hideTickets: 'チケットを隠す', more: 'さらに表示',
    answer: '回答: ', noAnswer: '公開の回答なし', formulas: '各指標の計算式', rising: '増加', steady: '横ばい', falling: '減少',
    csatSeries: 'CSAT %', slaSeries: 'SLA 達成率 %（全指標）', backlogSeries: '未解決', createdSeries: '新規', solvedSeries: '解決',
    language: 'English', noData: 'データなし', failed: '取得できませんでした: ', noMeasurements: '計測なし',
    rated: n => `評価 ${n} 件中`, clocks: (met, breached) => `${met + breached} 件中 達成 ${met}・未達 ${breached}`,
    replies: n => `応答 ${n} 件`, solvedTickets: n => `解決チケット ${n} 件中`,
    inquiries: (deflected, created) => `${deflected + created} 件中 自己解決 ${deflected}・チケット ${created}`, notByQueue: 'キュー・担当者別には集計なし'
  }
};

const state = { lang: null, csrf: null, params: null, range: null, data: null, deliveries: null, candidates: null, charts: {} };

function params() {
  const hash = new URLSearchParams(location.hash.slice(1));
  const today = new Date();
  const monthAgo = new Date(today.getTime() - 30 * 86400000);
  return {
    from: hash.get('from') || monthAgo.toISOString().slice(0, 10),
    to: hash.get('to') || today.toISOString().slice(0, 10),
    granularity: hash.get('granularity') || 'day',
    queue: hash.get('queue') || '',
    zone: hash.get('zone') || Intl.DateTimeFormat().resolvedOptions().timeZone || 'Asia/Tokyo',
    lang: hash.get('lang')
  };
}

function t(key, ...args) {
  const text = TEXT[state.lang][key] || key;
  return typeof text === 'function' ? text(...args) : text;
}

function translate() {
  document.documentElement.lang = state.lang;
  document.querySelectorAll('[data-i18n]').forEach(el => { el.textContent = t(el.dataset.i18n); });
  document.getElementById('language').textContent = t('language');
  document.title = 'Madoguchi — ' + t('title');
}

/** Midnight of a local date in the chosen zone, as the API wants it (RFC 3339 with offset). */
function startOf(date, zone) {
  const probe = new Date(date + 'T00:00:00Z');
  const local = new Date(probe.toLocaleString('en-US', { timeZone: zone }));
  const offsetMinutes = Math.round((local - probe) / 60000);
  const sign = offsetMinutes >= 0 ? '+' : '-';
  const abs = Math.abs(offsetMinutes);
  return `${date}T00:00:00${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

function nextDay(date) {
  const d = new Date(date + 'T00:00:00Z');
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

async function get(path, query) {
  const url = new URL(path, location.origin);
  Object.entries(query).forEach(([k, v]) => { if (v) url.searchParams.set(k, v); });
  const response = await fetch(url, { headers: { Accept: 'application/json' }, credentials: 'same-origin' });
  if (response.status === 401 && !(await fetch('/auth/session', { credentials: 'same-origin' })).ok) {
    // the session ended: reloading the page signs in again and comes back here (assigning the same URL would only
    // move to its fragment)
    location.reload();
    throw new Error('signed out');
  }
  if (!response.ok) {
    let detail = response.status + ' ' + response.statusText;
    try { detail = (await response.json()).detail || detail; } catch (e) { /* not JSON */ }
    throw new Error(detail);
  }
  return response.json();
}

function percent(value) {
  return value === null || value === undefined ? t('noData') : value.toFixed(1).replace(/\.0$/, '') + '%';
}

function hours(value) {
  return value === null || value === undefined ? t('noData') : value.toFixed(1) + ' h';
}

function setText(id, text) {
  document.getElementById(id).textContent = text;
}

function draw() {
  const o = state.data.overview;
  setText('tile-created', String(o.totals.created));
  setText('tile-solved', String(o.totals.solved));
  setText('tile-backlog', String(o.totals.backlogAtEnd));
  // every derived figure says what it rests on; a figure that rests on nothing reads "no data", never 0 %
  setText('tile-csat', percent(o.totals.csatPercent));
  setText('basis-csat', o.totals.rated ? t('rated', o.totals.rated) : t('noMeasurements'));
  ['first-reply', 'next-reply', 'resolution'].forEach(metric => {
    const met = o.totals.slaMet[metric], breached = o.totals.slaBreached[metric];
    setText('tile-sla-' + metric, percent(o.totals.slaAchievementPercent[metric]));
    setText('basis-sla-' + metric, met + breached ? t('clocks', met, breached) : t('noMeasurements'));
  });
  const firstReply = o.durations.firstReply.businessHours;
  setText('tile-first-reply', hours(firstReply.p50Hours));
  setText('basis-first-reply', firstReply.count ? t('replies', firstReply.count) : t('noMeasurements'));
  setText('tile-one-touch', percent(o.totals.oneTouchPercent));
  setText('basis-one-touch', o.totals.solvedTickets ? t('solvedTickets', o.totals.solvedTickets) : t('noMeasurements'));
  setText('tile-deflection', percent(o.totals.deflectionRatePercent));
  setText('basis-deflection', o.totals.deflected == null ? t('notByQueue')
    : o.totals.deflected + o.totals.created ? t('inquiries', o.totals.deflected, o.totals.created) : t('noMeasurements'));

  const labels = o.series.map(b => b.start);
  chart('flow', {
    type: 'bar',
    data: {
      labels,
      datasets: [
        { label: t('createdSeries'), data: o.series.map(b => b.created), backgroundColor: '#4e79a7' },
        { label: t('solvedSeries'), data: o.series.map(b => b.solved), backgroundColor: '#59a14f' },
        { label: t('backlogSeries'), data: o.series.map(b => b.backlog), type: 'line', borderColor: '#e15759', backgroundColor: '#e15759' }
      ]
    },
    options: { animation: false, scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } }
  });
  chart('satisfaction', {
    type: 'line',
    data: {
      labels,
      datasets: [
        { label: t('csatSeries'), data: o.series.map(b => b.csatPercent), borderColor: '#f28e2b', backgroundColor: '#f28e2b', spanGaps: true },
        { label: t('slaSeries'), data: o.series.map(b => b.slaAchievementPercent), borderColor: '#76b7b2', backgroundColor: '#76b7b2', spanGaps: true }
      ]
    },
    options: { animation: false, scales: { y: { min: 0, max: 100 } } }
  });
  chart('channels', {
    type: 'doughnut',
    data: {
      labels: Object.keys(o.channelMix),
      datasets: [{ data: Object.values(o.channelMix), backgroundColor: ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948'] }]
    },
    options: { animation: false }
  });

  // deliveries have no queue: the panel is of all queues, whatever the filter
  const failedByChannel = state.deliveries ? state.deliveries.byChannel : {};
  chart('deliveries', {
    type: 'bar',
    data: {
      labels: Object.keys(failedByChannel),
      datasets: [{ label: t('failedSeries'), data: Object.values(failedByChannel).map(c => c.failed), backgroundColor: '#e15759' }]
    },
    options: { animation: false, scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } }
  });

  const queues = document.getElementById('queues');
  queues.replaceChildren(...Object.keys(o.createdByQueue).map(q => { const option = document.createElement('option'); option.value = q; return option; }));

  const rows = (state.candidates ? state.candidates.candidates : []).slice(0, 5).flatMap(c => {
    const tr = document.createElement('tr');
    [c.label.join(' · '), String(c.size), t(c.trend)].forEach(text => {
      const td = document.createElement('td');
      td.textContent = text;
      tr.appendChild(td);
    });
    const members = document.createElement('tr');
    members.className = 'members';
    members.hidden = true;
    const toggle = document.createElement('button');
    toggle.type = 'button';
    toggle.className = 'show-tickets';
    toggle.textContent = t('showTickets', c.size);
    toggle.setAttribute('aria-expanded', 'false');
    toggle.addEventListener('click', () => showTickets(c, members, toggle));
    tr.firstChild.appendChild(toggle);
    const examples = document.createElement('ul');
    c.questions.forEach(q => {
      const li = document.createElement('li');
      li.textContent = q.question;
      examples.appendChild(li);
    });
    const td = document.createElement('td');
    td.appendChild(examples);
    tr.appendChild(td);
    return [tr, members];
  });
  document.querySelector('#faq tbody').replaceChildren(...rows);

  const formulas = document.getElementById('formulas');
  formulas.replaceChildren(...Object.entries(state.data.formulas).flatMap(([name, formula]) => {
    const dt = document.createElement('dt');
    dt.textContent = name;
    const dd = document.createElement('dd');
    dd.textContent = formula;
    return [dt, dd];
  }));
}

/** Opens (or closes) the row under a candidate that lists every ticket behind it, a page at a time. */
async function showTickets(candidate, row, toggle) {
  if (!row.hidden) {
    row.hidden = true;
    toggle.setAttribute('aria-expanded', 'false');
    toggle.textContent = t('showTickets', candidate.size);
    return;
  }
  const cell = document.createElement('td');
  cell.colSpan = 4;
  const list = document.createElement('ol');
  list.className = 'tickets';
  cell.appendChild(list);
  row.replaceChildren(cell);
  row.hidden = false;
  toggle.setAttribute('aria-expanded', 'true');
  toggle.textContent = t('hideTickets');
  const more = document.createElement('button');
  more.type = 'button';
  more.textContent = t('more');
  let after = null;
  const page = async () => {
    more.remove();
    try {
      const tickets = await get('/api/v1/kb/candidates/' + candidate.id + '/tickets', { from: state.range.from, to: state.range.to, after });
      tickets.items.forEach(item => {
        const li = document.createElement('li');
        li.dataset.ticket = item.ticketId;
        const id = document.createElement('strong');
        id.textContent = '#' + item.ticketId;
        const question = document.createElement('p');
        question.className = 'question';
        question.textContent = item.question;
        const answer = document.createElement('p');
        answer.className = 'answer';
        answer.textContent = t('answer') + (item.answer || t('noAnswer'));
        li.append(id, question, answer);
        list.appendChild(li);
      });
      after = tickets.next;
      if (after !== null) {
        cell.appendChild(more);
      }
    } catch (e) {
      const error = document.createElement('p');
      error.setAttribute('role', 'alert');
      error.textContent = t('failed') + e.message;
      cell.appendChild(error);
    }
  };
  more.addEventListener('click', page);
  await page();
}

function chart(id, config) {
  if (state.charts[id]) {
    state.charts[id].destroy();
  }
  state.charts[id] = new Chart(document.getElementById(id), config);
}

async function load() {
  const p = state.params;
  const form = document.getElementById('filters');
  form.from.value = p.from;
  form.to.value = p.to;
  form.granularity.value = p.granularity;
  form.queue.value = p.queue;
  form.zone.value = p.zone;
  document.body.dataset.state = 'loading';
  const query = { from: startOf(p.from, p.zone), to: startOf(nextDay(p.to), p.zone), granularity: p.granularity, zone: p.zone, queue: p.queue };
  state.range = { from: query.from, to: query.to };
  try {
    state.data = await get('/api/v1/stats/overview', query);
    state.deliveries = await get('/api/v1/stats/deliveries', { from: query.from, to: query.to }).catch(() => null);
    state.candidates = await get('/api/v1/kb/candidates', { from: query.from, to: query.to }).catch(() => null);
    document.getElementById('error').hidden = true;
    draw();
    document.body.dataset.state = 'ready';
  } catch (e) {
    const error = document.getElementById('error');
    error.textContent = t('failed') + e.message;
    error.hidden = false;
    document.body.dataset.state = 'error';
  }
}

document.addEventListener('DOMContentLoaded', () => {
  state.params = params();
  state.lang = state.params.lang || (navigator.language.startsWith('ja') ? 'ja' : 'en');
  translate();
  document.getElementById('filters').addEventListener('submit', event => {
    event.preventDefault();
    const form = event.target;
    Object.assign(state.params, { from: form.from.value, to: form.to.value, granularity: form.granularity.value, queue: form.queue.value.trim(), zone: form.zone.value.trim() });
    load();
  });
  document.getElementById('sign-out').addEventListener('submit', async event => {
    event.preventDefault();
    const response = await fetch('/auth/sign-out', { method: 'POST', credentials: 'same-origin',
      headers: { Accept: 'application/json', 'X-CSRF-Token': state.csrf } });
    location.assign(response.ok ? (await response.json()).next : '/auth/signed-out');
  });
  fetch('/auth/session', { headers: { Accept: 'application/json' }, credentials: 'same-origin' })
    .then(r => (r.ok ? r.json() : null))
    .then(session => {
      if (session) {
        state.csrf = session.csrfToken;
        document.getElementById('me').textContent = session.name;
      }
    });
  document.getElementById('language').addEventListener('click', () => {
    state.lang = state.lang === 'ja' ? 'en' : 'ja';
    translate();
    if (state.data) {
      draw();
    }
  });
  load();
});
