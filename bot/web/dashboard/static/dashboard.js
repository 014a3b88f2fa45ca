// The ศจพ. dashboard page: LIFF login, one session, then views by the URL's hash
// (#area=CODE · #list=CODE&metric=KEY&page=N · #household=ID). Every number links to its households.
const SESSION = "dashboard-session";
const main = document.getElementById("main");
const trail = document.getElementById("trail");
// Column heads short enough for a 360 px screen; the full status names are their titles.
const STATUS_SHORT = {
  open: "ยังไม่ช่วย", in_progress: "กำลังทำ", referred: "ส่งต่อ", helped: "ช่วยแล้ว", self_resolved: "แก้เอง",
  unresolvable: "แก้ไม่ได้",
};
const STATUS_KEYS = Object.keys(STATUS_SHORT);
const CURRENCY_LABELS = {
  stale_90: "ไม่ได้เยี่ยมเกิน 90 วัน", overdue: "เลยกำหนดติดตาม", no_location: "ไม่มีพิกัดบ้าน",
  no_level: "ไม่มีระดับการพัฒนา", no_consent: "ไม่มีความยินยอม", help_waiting: "คำขอความช่วยเหลือค้างเกิน 3 วัน",
};

function h(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  Object.entries(attrs).forEach(([key, value]) => node.setAttribute(key, value));
  children.flat(Infinity).forEach((child) => {
    if (child !== null && child !== undefined) node.append(child instanceof Node ? child : String(child));
  });
  return node;
}

const fmt = (n) => Number(n).toLocaleString("th-TH");
const baht = (text) => `${Number(text).toLocaleString("th-TH", { minimumFractionDigits: 0 })} บาท`;
const listHash = (area, metric, page = 1) => `#list=${area}&metric=${encodeURIComponent(metric)}&page=${page}`;
const num = (area, metric, value, extra = {}) =>
  h("a", { class: "num", href: listHash(area, metric), "data-metric": metric, ...extra }, fmt(value));

// One session per ID token: the token is exchanged once (the server refuses a replay), and a new ID token
// (another user opening the page in the same browser) gets its own session.
async function session() {
  const idToken = liff.getIDToken();
  const kept = JSON.parse(sessionStorage.getItem(SESSION) || "{}");
  if (kept.token && kept.idToken === idToken) return kept.token;
  const answer = await fetch("/liff/api/session", {
    method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ idToken }),
  });
  const body = await answer.json();
  if (!answer.ok) throw new Error(answer.status === 403 ? "หน้านี้สำหรับเจ้าหน้าที่เท่านั้น" : body.error);
  sessionStorage.setItem(SESSION, JSON.stringify({ idToken, token: body.token }));
  return body.token;
}

async function api(path) {
  const answer = await fetch(path, { headers: { Authorization: `Bearer ${await session()}` } });
  if (answer.status === 401) sessionStorage.removeItem(SESSION);
  const body = await answer.json();
  if (!answer.ok) throw new Error(answer.status === 404 ? "ไม่พบข้อมูลนี้ในพื้นที่ของคุณ" : body.error);
  return body;
}

function showTrail(steps) {
  trail.replaceChildren(...steps.map((step, i) => (i < steps.length - 1
    ? h("a", { href: `#area=${step.code}` }, `${step.level_th}${step.name}`)
    : h("span", {}, `${step.level_th}${step.name}`))));
}

function svg(markup) {
  const doc = new DOMParser().parseFromString(markup, "image/svg+xml");
  return document.importNode(doc.documentElement, true);
}

function headline(view) {
  const code = view.area.code;
  const hl = view.headline;
  const card = (label, metric, value) => h("div", { class: "card" }, h("span", { class: "label" }, label),
    metric ? num(code, metric, value) : h("span", { class: "num" }, value));
  return h("section", { class: "wide", id: "headline" }, h("h2", {}, "ภาพรวม"),
    h("div", { class: "cards" },
      card("ครัวเรือนเป้าหมาย", "target", hl.target),
      card("เยี่ยมแล้ว", "visited", hl.visited),
      card("เยี่ยมใน 90 วัน", "visited_90", hl.visited_90),
      card("แก้ไขปัญหาแล้ว", null, hl.resolved_pct === null ? "–" : `${hl.resolved_pct}%`)),
    problemTable(code, hl));
}

function problemTable(code, hl) {
  const head = h("tr", {}, h("th", {}, "มิติ"),
    hl.statuses.map((s) => h("th", { title: s.label }, STATUS_SHORT[s.key])), h("th", {}, "รวม"));
  const rows = hl.dimensions.map((d) => h("tr", {}, h("td", {}, d.label),
    STATUS_KEYS.map((s) => h("td", {}, num(code, `problem:${d.key}:${s}`, d.counts[s]))),
    h("td", {}, num(code, `problem:${d.key}:*`, Object.values(d.counts).reduce((a, b) => a + b, 0)))));
  return h("table", { id: "problems" }, h("caption", {}, `ปัญหาตามมิติและสถานะ (รวม ${fmt(hl.problems)} ปัญหา)`),
    h("thead", {}, head), h("tbody", {}, rows));
}

function levels(view) {
  const code = view.area.code;
  return h("section", { id: "levels" }, h("h2", {}, "ระดับการพัฒนา"), svg(view.charts.levels),
    h("p", {}, view.levels.map((row) => h("span", {}, `${row.label} `, num(code, row.key, row.count), " · "))),
    h("h2", {}, "การประเมินรายเดือน (ครั้งที่เยี่ยม)"), svg(view.charts.movement));
}

function assistance(view) {
  const code = view.area.code;
  const block = (period, data) => h("div", {},
    h("h2", {}, `ความช่วยเหลือ${data.label}: `, num(code, `assist:${period}:all`, data.count), ` ครั้ง · ${baht(data.baht)}`),
    h("table", {}, h("tbody", {}, [...data.by_type, ...data.by_agency].map((row) => h("tr", {},
      h("td", {}, row.label), h("td", {}, num(code, row.key, row.count)), h("td", {}, baht(row.baht)))))));
  return h("section", { id: "assistance" }, block("month", view.assistance.month), block("fy", view.assistance.fy));
}

function currency(view) {
  const code = view.area.code;
  return h("section", { id: "currency" }, h("h2", {}, "ความครบถ้วนและเป็นปัจจุบันของข้อมูล"),
    h("table", {}, h("tbody", {}, view.currency.map((row) => h("tr", {},
      h("td", {}, CURRENCY_LABELS[row.key]), h("td", {}, num(code, row.key, row.count)))))));
}

function ranking(view) {
  if (!view.ranking.length) return null;
  const head = h("tr", {}, ["พื้นที่", "คะแนน", "เป้าหมาย", "เยี่ยม 90 วัน", "เลยกำหนด"].map((t) => h("th", {}, t)));
  return h("section", { class: "wide", id: "ranking" }, h("h2", {}, "คะแนนข้อมูลรายพื้นที่ (ดีที่สุดก่อน)"),
    h("table", {}, h("thead", {}, head), h("tbody", {}, view.ranking.map((row) => h("tr", { "data-code": row.code },
      h("td", {}, h("a", { href: `#area=${row.code}` }, `${row.level_th}${row.name}`)),
      h("td", {}, row.score === null ? "–" : String(row.score)),
      h("td", {}, num(row.code, "target", row.target)), h("td", {}, num(row.code, "visited_90", row.visited_90)),
      h("td", {}, num(row.code, "overdue", row.overdue)))))));
}

async function showArea(code) {
  const view = await api(`/liff/api/view${code ? `?area=${encodeURIComponent(code)}` : ""}`);
  document.getElementById("who").textContent = `${view.viewer.name} · ${view.viewer.role}`;
  showTrail(view.trail);
  main.replaceChildren(...[headline(view), levels(view), assistance(view), currency(view), ranking(view)]
    .filter(Boolean));
}

async function download(params, format) {
  const answer = await fetch(`/liff/api/export?${params}&format=${format}`,
    { headers: { Authorization: `Bearer ${await session()}` } });
  if (!answer.ok) throw new Error("ส่งออกไม่สำเร็จ");
  const link = h("a", { href: URL.createObjectURL(await answer.blob()), download: `households.${format}` });
  link.click();
}

async function showList(params) {
  const area = params.get("list");
  const query = new URLSearchParams({ area, metric: params.get("metric") || "", page: params.get("page") || "1" });
  const list = await api(`/liff/api/households?${query}`);
  const exportParams = new URLSearchParams({ area, metric: list.metric.key });
  const rows = list.households.map((row) => h("tr", { "data-household": row.id },
    h("td", {}, h("a", { href: `#household=${row.id}` }, `${row.house_no} หมู่ ${row.moo}`)),
    h("td", {}, row.head), h("td", {}, row.national_id), h("td", {}, row.level), h("td", {}, row.last_visit)));
  const pager = h("div", { class: "pager" },
    list.page > 1 ? h("a", { href: listHash(area, list.metric.key, list.page - 1) }, "‹ ก่อนหน้า") : null,
    h("span", {}, `หน้า ${list.page}/${list.pages}`),
    list.page < list.pages ? h("a", { href: listHash(area, list.metric.key, list.page + 1) }, "ถัดไป ›") : null);
  const exports = h("div", { class: "exports" }, ["csv", "xlsx"].map((format) => {
    const button = h("button", { type: "button" }, `ส่งออก ${format.toUpperCase()}`);
    button.addEventListener("click", () => download(exportParams, format).catch(showError));
    return button;
  }));
  trail.replaceChildren(h("a", { href: `#area=${area}` }, `${list.area.level_th}${list.area.name}`),
    h("span", {}, list.metric.label));
  main.replaceChildren(h("section", { class: "wide", id: "list" },
    h("h2", {}, `${list.metric.label}: `, h("span", { id: "list-total" }, fmt(list.total)), " ครัวเรือน"),
    h("table", {}, h("thead", {}, h("tr", {}, ["บ้าน", "หัวหน้าครัวเรือน", "เลขบัตร", "ระดับ", "เยี่ยมล่าสุด"]
      .map((t) => h("th", {}, t)))), h("tbody", {}, rows)), pager, exports));
}

async function showHousehold(id) {
  const hh = await api(`/liff/api/households/${encodeURIComponent(id)}`);
  trail.replaceChildren(h("a", { href: `#area=${hh.village}` }, `หมู่ ${hh.moo}`), h("span", {}, `บ้านเลขที่ ${hh.house_no}`));
  const total = hh.assistance.reduce((sum, row) => sum + Number(row.baht), 0);
  main.replaceChildren(h("section", { class: "wide", id: "household" },
    h("h2", {}, `บ้านเลขที่ ${hh.house_no} หมู่ ${hh.moo}`),
    h("p", {}, `หัวหน้าครัวเรือน ${hh.head} · ${hh.national_id}`),
    h("p", {}, `ระดับการพัฒนา ${hh.level} · เยี่ยมล่าสุด ${hh.last_visit || "–"} · นัดติดตาม ${hh.next_follow_up || "–"}`),
    h("p", {}, "จำนวนครั้งที่เยี่ยม ", h("b", { id: "visits" }, fmt(hh.visits))),
    h("table", { id: "household-problems" }, h("tbody", {}, hh.problems.map((row) => h("tr", {},
      h("td", {}, row.status), h("td", {}, fmt(row.count)))))),
    h("p", {}, "ความช่วยเหลือ ", h("b", { id: "assistance-count" }, fmt(hh.assistance.length)), " ครั้ง · ",
      h("b", { id: "assistance-baht" }, baht(total))),
    h("table", {}, h("tbody", {}, hh.assistance.map((row) => h("tr", {},
      h("td", {}, `${row.type} · ${row.agency}`), h("td", {}, row.given_on), h("td", {}, baht(row.baht))))))));
}

function showError(error) {
  main.replaceChildren(h("section", { class: "wide" }, h("p", { class: "error" }, error.message)));
}

async function route() {
  const params = new URLSearchParams(location.hash.slice(1));
  try {
    if (params.has("household")) await showHousehold(params.get("household"));
    else if (params.has("list")) await showList(params);
    else await showArea(params.get("area"));
  } catch (error) {
    showError(error);
  }
}

async function start() {
  await liff.init({ liffId: document.body.dataset.liffId });
  if (!liff.isLoggedIn()) {
    liff.login({ redirectUri: location.href.split("#")[0] });
    return;
  }
  window.addEventListener("hashchange", route);
  await route();
}

start().catch(showError);
