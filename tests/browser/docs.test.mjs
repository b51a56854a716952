// docs.test.mjs - an incoming document from registering to the leader's
// direction, through the real pages in Debian's Chromium: the clerk
// (vanthu) finds it in the queue to register and registers it; the leader
// (lanhdao) finds it in the queue to direct, writes a direction and
// assigns a main handler with a deadline; the handler (chuyenvien) finds it
// to handle. The incoming register page prints as the decree's table.
//
// Needs BASE_URL (a congso serving the Thai Nguyen demo); run.sh sets it up.

import { after, afterEach, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { chromium } from "playwright-core";

const BASE_URL = process.env.BASE_URL;
const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
const SCREENSHOT_DIR = process.env.SCREENSHOT_DIR || "build/screenshots";
const PASSWORD = "ThaiNguyen@2026";
const HANDLER = "Lê Thị Hương";	// chuyenvien, Sở TTTT

if (!BASE_URL)
  throw new Error("BASE_URL is not set: run tests/browser/run.sh");

// A summary of its own, so that other tests on the same server do not
// matter.
const SUMMARY = `Công văn về việc rà soát hạ tầng mạng LAN (thử ${Date.now()})`;

let browser;
let docId;
let wired = true;
let opened = [];
let errors = [];

async function api(method, path, token, body) {
  const res = await fetch(BASE_URL + path, {
    method,
    headers: {
      "Content-Type": "application/json",
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: res.status, json: await res.json().catch(() => null) };
}

before(async () => {
  // The document arrives from outside: the clerk files it over the API.
  const login = await api("POST", "/api/v1/login", null,
    { username: "vanthu", password: PASSWORD });
  assert.equal(login.status, 200, "vanthu signs in over the API");
  const types = await api("GET", "/api/v1/document-types", login.json.token);
  if (types.status === 404) {
    wired = false;
    return;
  }
  const filed = await api("POST", "/api/v1/incoming", login.json.token, {
    type: "CV",
    issuer_name: "UBND tỉnh Thái Nguyên",
    issuer_code: "000.00.00.H55",
    notation: "88/UBND-KT",
    number: 88,
    date: new Date().toISOString().slice(0, 10),
    summary: SUMMARY,
    signer: "Trịnh Việt Hùng",
    urgency: "khan",
  });
  assert.equal(filed.status, 201, "the incoming document is filed");
  docId = filed.json.id;

  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
});

after(async () => {
  if (browser)
    await browser.close();
});

afterEach(async () => {
  const seen = errors;
  for (const c of opened)
    await c.close();
  opened = [];
  errors = [];
  assert.deepEqual(seen, [], "the page raised script errors");
});

async function signedIn(username) {
  const context = await browser.newContext({
    baseURL: BASE_URL,
    locale: "vi-VN",
    viewport: { width: 1280, height: 800 },
  });
  context.setDefaultTimeout(10000);
  opened.push(context);
  const page = await context.newPage();
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto("/dang-nhap");
  await page.locator("#username").fill(username);
  await page.locator("#password").fill(PASSWORD);
  await page.getByRole("button", { name: "Đăng nhập" }).click();
  await page.waitForURL((u) => u.pathname === "/");
  return page;
}

async function screenshot(page, name) {
  await page.screenshot({ path: join(SCREENSHOT_DIR, name), fullPage: true });
}

function facts(page, term) {
  return page.locator("dl.facts dt", { hasText: term })
    .locator("xpath=following-sibling::dd[1]");
}

describe("incoming document", { concurrency: false }, () => {
  test("the clerk registers it from the queue to register", async (t) => {
    if (!wired)
      return t.skip("documents are not wired into this build");
    const page = await signedIn("vanthu");
    await page.getByRole("link", { name: "Văn bản", exact: true }).click();
    await page.waitForURL((u) => u.pathname === "/van-ban");
    const tab = page.getByRole("link", { name: "Văn bản đến chờ vào sổ" });
    assert.equal(await tab.getAttribute("aria-current"), "page",
      "a clerk starts on the queue to register");
    const row = page.locator("table.list tr", { hasText: SUMMARY });
    assert.equal(await row.locator(".tag.urgent").textContent(), "Khẩn",
      "the urgency shows in the queue");
    await row.getByRole("link").click();
    await page.waitForURL((u) => u.pathname === `/van-ban/${docId}`);
    assert.equal(await facts(page, "Trạng thái").textContent(), "Chờ vào sổ");
    await page.getByRole("button", { name: "Vào sổ văn bản đến" }).click();
    await page.waitForURL((u) => u.pathname === `/van-ban/${docId}`);
    assert.equal(await facts(page, "Trạng thái").textContent(),
      "Đã vào sổ, chờ chỉ đạo");
    assert.match(await facts(page, "Số đến").textContent(), /^\d+$/,
      "the document has an incoming number");
    assert.match(await page.locator("ol.history").textContent(),
      /Vào sổ văn bản đến \(Nguyễn Thị Thu Hà/);
    await screenshot(page, "docs-registered.png");
  });

  test("the leader assigns it with a direction and a deadline", async (t) => {
    if (!wired)
      return t.skip("documents are not wired into this build");
    const page = await signedIn("lanhdao");
    await page.goto("/van-ban?box=to_direct");
    await page.locator("table.list tr", { hasText: SUMMARY })
      .getByRole("link").click();
    await page.waitForURL((u) => u.pathname === `/van-ban/${docId}`);
    await page.getByLabel("Ý kiến chỉ đạo").fill(
      "Giao phòng Công nghệ thông tin rà soát, báo cáo trước hạn.");
    const main = page.getByLabel("Người xử lý chính");
    const option = main.locator("option", { hasText: HANDLER });
    await main.selectOption(await option.getAttribute("value"));
    await page.getByLabel("Hạn xử lý (số ngày làm việc)").fill("3");
    await page.getByRole("button", { name: "Giao xử lý" }).click();
    await page.waitForURL((u) => u.pathname === `/van-ban/${docId}`);
    assert.equal(await facts(page, "Trạng thái").textContent(), "Đang xử lý");
    assert.match(await facts(page, "Ý kiến chỉ đạo").textContent(),
      /rà soát, báo cáo trước hạn/);
    assert.match(await facts(page, "Hạn xử lý").textContent(),
      /^\d\d\/\d\d\/\d{4}$/, "the deadline is shown as dd/mm/yyyy");
    assert.match(await page.locator("h2:has-text('Phân công') + ul")
      .textContent(), new RegExp(`${HANDLER} — xử lý chính`));
    assert.match(await page.locator("ol.history").textContent(),
      /Chỉ đạo, giao xử lý \(Hoàng Văn Thắng/);
    await screenshot(page, "docs-directed.png");
  });

  test("the handler finds it in the queue to handle", async (t) => {
    if (!wired)
      return t.skip("documents are not wired into this build");
    const page = await signedIn("chuyenvien");
    await page.goto("/van-ban?box=to_handle");
    const row = page.locator("table.list tr", { hasText: SUMMARY });
    assert.equal(await row.count(), 1);
    assert.match(await row.textContent(), /Đang xử lý/);
  });

  test("the incoming register prints as the decree's table", async (t) => {
    if (!wired)
      return t.skip("documents are not wired into this build");
    const page = await signedIn("vanthu");
    await page.goto("/so-van-ban");
    await page.getByRole("link", { name: "Sổ văn bản đến" }).click();
    const row = page.locator("table.register tbody tr", { hasText: SUMMARY });
    assert.equal(await row.count(), 1, "the register lists the document");
    assert.match(await row.textContent(), new RegExp(HANDLER),
      "with who handles it");
    assert.equal(await page.locator("header.top").isVisible(), true);
    await page.emulateMedia({ media: "print" });
    assert.equal(await page.locator("header.top").isVisible(), false,
      "the site's frame is not printed");
    assert.equal(await page.locator(".register-head").isVisible(), true,
      "the national motto heads the printed register");
    assert.equal(await page.locator("tr.colnum").isVisible(), true,
      "the columns are numbered");
    const border = await row.locator("td").first().evaluate(
      (td) => getComputedStyle(td).borderTopStyle);
    assert.equal(border, "solid", "the cells are ruled");
    const pdf = await page.pdf({ format: "A4", landscape: true });
    assert.ok(pdf.length > 1000, "the register prints to PDF");
    await screenshot(page, "docs-register-print.png");
  });
});

describe("a new letter's recipients", { concurrency: false }, () => {
  const LETTER = `Về việc kết nối mạng truyền số liệu chuyên dùng (thử ${Date.now()})`;

  test("the specialist chooses them by name from the list", async (t) => {
    if (!wired)
      return t.skip("documents are not wired into this build");
    const page = await signedIn("chuyenvien");
    await page.goto("/van-ban/moi");
    await page.getByLabel("Loại văn bản").selectOption("CV");
    await page.getByLabel("Trích yếu").fill(LETTER);
    await page.getByLabel("Đơn vị soạn thảo", { exact: false }).fill("CNTT");
    const pick = page.getByLabel("Chọn thêm nơi nhận", { exact: false });
    const lines = page.locator("#recipients");
    for (const name of ["UBND phường Cam Giá", "UBND huyện Đồng Hỷ"]) {
      await pick.fill(name);
      await pick.dispatchEvent("change");
      assert.equal(await pick.inputValue(), "", "the choice leaves the box");
    }
    assert.equal(await lines.inputValue(),
      "UBND phường Cam Giá\nUBND huyện Đồng Hỷ",
      "each unit chosen is a line of the recipients");
    await page.getByRole("button", { name: "Lưu dự thảo" }).click();
    await page.waitForURL((u) => /^\/van-ban\/\d+$/.test(u.pathname));
    const to = await page.locator("h2:has-text('Nơi nhận') + ul").textContent();
    assert.match(to, /UBND phường Cam Giá 000\.21\.41\.H55/);
    assert.match(to, /UBND huyện Đồng Hỷ 000\.00\.46\.H55/);
    await screenshot(page, "docs-draft-recipients.png");
  });

  test("a name no unit bears is refused, and what was typed stays",
    async (t) => {
      if (!wired)
        return t.skip("documents are not wired into this build");
      const page = await signedIn("chuyenvien");
      await page.goto("/van-ban/moi");
      await page.getByLabel("Loại văn bản").selectOption("CV");
      await page.getByLabel("Trích yếu").fill(LETTER + " lần hai");
      await page.getByLabel("Đơn vị soạn thảo", { exact: false }).fill("CNTT");
      await page.locator("#recipients").fill("UBND xã Không Có Thật");
      await page.getByRole("button", { name: "Lưu dự thảo" }).click();
      await page.waitForURL((u) => u.pathname === "/van-ban/moi");
      assert.match(await page.getByRole("alert").textContent(),
        /Không có đơn vị nhận tên UBND xã Không Có Thật/);
      assert.equal(await page.getByLabel("Trích yếu").inputValue(),
        LETTER + " lần hai", "the summary is still there");
      assert.equal(await page.locator("#recipients").inputValue(),
        "UBND xã Không Có Thật", "so are the recipients, to correct");
      assert.equal(await page.getByLabel("Loại văn bản").inputValue(), "CV");
    });
});
