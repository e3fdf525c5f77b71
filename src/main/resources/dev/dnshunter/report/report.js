// dns-hunter hunt report: the alert table (sort, filter, open a row's fields). Alerts hold attacker-chosen text:
// everything is written with textContent or as attribute values through the DOM, never parsed as HTML.
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('alert-data').textContent);
  var alerts = data.alerts;
  var tbody = document.querySelector('#alert-table tbody');
  var ruleFilter = document.getElementById('f-rule');
  var hostFilter = document.getElementById('f-host');
  var domainFilter = document.getElementById('f-domain');
  var shown = document.getElementById('shown');
  var sortKey = 'time', sortDir = 1;

  function first(a, fields) {
    for (var i = 0; i < fields.length; i++) {
      if (typeof a[fields[i]] === 'string') return a[fields[i]];
    }
    return '';
  }
  function domainsOf(a) {
    var out = [];
    data.domainFields.forEach(function (f) {
      var v = a[f];
      if (typeof v === 'string') out.push(v);
      else if (Array.isArray(v)) v.forEach(function (x) { if (typeof x === 'string' && out.indexOf(x) < 0) out.push(x); });
    });
    return out;
  }
  var rows = alerts.map(function (a, i) {
    var domains = domainsOf(a);
    return {
      index: i, alert: a,
      time: typeof a.time === 'string' ? a.time : '',
      rule: typeof a.rule === 'string' ? a.rule : '',
      severity: typeof a.severity === 'string' ? a.severity : '',
      host: first(a, data.hostFields),
      domains: domains,
      domain: domains.join(', '),
      bytes: typeof a.sentBytes === 'number' ? a.sentBytes : 0
    };
  });
  var severityOrder = { High: 3, Medium: 2, Low: 1 };

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (cls) e.className = cls;
    return e;
  }
  function formatBytes(b) {
    if (b < 1000) return b + ' B';
    if (b < 1e6) return (b / 1e3).toFixed(1) + ' kB';
    if (b < 1e9) return (b / 1e6).toFixed(2) + ' MB';
    return (b / 1e9).toFixed(2) + ' GB';
  }
  // Any JSON value as nested tables and lists, so fields of rules added later show without changes here.
  function render(value) {
    if (value === null) return el('span', 'null', 'null');
    if (Array.isArray(value)) {
      if (value.length === 0) return el('span', '[]', 'null');
      var list = el('ol', null, 'array');
      value.forEach(function (v) { var li = el('li'); li.appendChild(render(v)); list.appendChild(li); });
      return list;
    }
    if (typeof value === 'object') {
      var t = el('table', null, 'fields');
      Object.keys(value).forEach(function (k) {
        var tr = el('tr');
        tr.appendChild(el('th', k));
        var td = el('td');
        td.appendChild(render(value[k]));
        tr.appendChild(td);
        t.appendChild(tr);
      });
      return t;
    }
    return el('span', String(value), typeof value);
  }
  // The evidence first (docs/report.md): a rare alert's lookups as a table (time, name as queried, answers), the
  // flows' span, and every list X that comes with an XOmitted count as its items and how many are not listed.
  function evidence(a) {
    var box = el('div', null, 'evidence-summary');
    if (Array.isArray(a.lookups)) {
      box.appendChild(el('h4', 'Lookups'));
      var t = el('table', null, 'lookups');
      var head = el('tr');
      ['time', 'name as queried', 'answers'].forEach(function (h) { head.appendChild(el('th', h)); });
      t.appendChild(head);
      a.lookups.forEach(function (l) {
        var tr = el('tr');
        tr.appendChild(el('td', l.time, 'time'));
        tr.appendChild(el('td', l.name, 'name'));
        var answers = Array.isArray(l.answers) ? l.answers.join(', ') : '';
        if (l.answersOmitted > 0) answers += ' (+' + l.answersOmitted + ' more)';
        tr.appendChild(el('td', answers, 'name'));
        t.appendChild(tr);
      });
      box.appendChild(t);
      if (a.lookupsOmitted > 0) box.appendChild(el('p', a.lookupsOmitted + ' more lookups not listed', 'omitted'));
      if (typeof a.firstFlowTime === 'string') {
        box.appendChild(el('p', 'flows from ' + a.firstFlowTime + ' to ' + a.lastFlowTime, 'flows'));
      }
    }
    Object.keys(a).forEach(function (k) {
      var m = /^(.+)Omitted$/.exec(k);
      if (!m || m[1] === 'lookups' || !Array.isArray(a[m[1]])) return;
      box.appendChild(el('h4', m[1]));
      var list = el('ol', null, 'array');
      a[m[1]].forEach(function (n) { list.appendChild(el('li', n, 'name')); });
      box.appendChild(list);
      if (a[k] > 0) box.appendChild(el('p', a[k] + ' more not listed', 'omitted'));
    });
    if (typeof a.answerExcerpt === 'string') {
      box.appendChild(el('h4', 'TXT answer of ' + a.queryName));
      box.appendChild(el('pre', a.answerExcerpt, 'name'));
    }
    return box;
  }
  function toggle(tr, row) {
    var next = tr.nextSibling;
    if (next && next.classList.contains('evidence')) {
      tbody.removeChild(next);
      tr.classList.remove('open');
      return;
    }
    var ev = el('tr', null, 'evidence');
    var td = el('td');
    td.colSpan = 6;
    td.appendChild(evidence(row.alert));
    td.appendChild(render(row.alert));
    ev.appendChild(td);
    tbody.insertBefore(ev, next);
    tr.classList.add('open');
  }
  function compare(a, b) {
    var x = a[sortKey], y = b[sortKey];
    if (sortKey === 'severity') { x = severityOrder[x] || 0; y = severityOrder[y] || 0; }
    if (x < y) return -sortDir;
    if (x > y) return sortDir;
    return a.index - b.index;
  }
  function draw() {
    var rule = ruleFilter.value;
    var host = hostFilter.value.trim().toLowerCase();
    var domain = domainFilter.value.trim().toLowerCase();
    var matching = rows.filter(function (r) {
      return (!rule || r.rule === rule)
        && (!host || r.host.toLowerCase().indexOf(host) >= 0)
        && (!domain || r.domains.some(function (d) { return d.toLowerCase().indexOf(domain) >= 0; }));
    }).sort(compare);
    while (tbody.firstChild) tbody.removeChild(tbody.firstChild);
    var frag = document.createDocumentFragment();
    matching.slice(0, data.maxRows).forEach(function (r) {
      var tr = el('tr', null, 'alert-row sev-' + r.severity.toLowerCase());
      tr.appendChild(el('td', r.time, 'time'));
      tr.appendChild(el('td', r.rule));
      tr.appendChild(el('td', r.severity, 'sev'));
      tr.appendChild(el('td', r.host, 'name'));
      tr.appendChild(el('td', r.domain, 'name'));
      tr.appendChild(el('td', formatBytes(r.bytes), 'num'));
      tr.addEventListener('click', function () { toggle(tr, r); });
      frag.appendChild(tr);
    });
    tbody.appendChild(frag);
    shown.textContent = matching.length + ' of ' + rows.length + ' alerts'
      + (matching.length > data.maxRows ? ' (the first ' + data.maxRows + ' shown: narrow the filter)' : '');
    document.querySelectorAll('#alert-table th').forEach(function (th) {
      th.classList.toggle('sorted', th.getAttribute('data-key') === sortKey);
      th.classList.toggle('desc', th.getAttribute('data-key') === sortKey && sortDir < 0);
    });
  }
  document.querySelectorAll('#alert-table th').forEach(function (th) {
    th.addEventListener('click', function () {
      var key = th.getAttribute('data-key');
      if (key === sortKey) sortDir = -sortDir; else { sortKey = key; sortDir = key === 'time' || key === 'rule' ? 1 : -1; }
      draw();
    });
  });
  [ruleFilter, hostFilter, domainFilter].forEach(function (f) {
    f.addEventListener('input', draw);
    f.addEventListener('change', draw);
  });
  draw();
  document.body.setAttribute('data-ready', 'true');
})();
