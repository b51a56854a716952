// svc.test.mjs - the public services portal driven through Debian's
// Chromium the way a citizen uses it: sign in with the code sent by e-mail,
// fill a procedure's application form with a file, submit, read the
// receipt with the dossier code, and track the dossier by that code on the
// public page.
//
// Needs BASE_URL (a congso serving the Thai Nguyen demo); run.sh sets it up.
// The test starts Postfix's smtp-sink itself (SMTP_SINK, default
// /usr/sbin/smtp-sink) on a free loopback port, points the server's SMTP
// settings at it through the admin API, and reads the sign-in code from
// the mail that arrives there. Without smtp-sink the test is skipped.

import { after, afterEach, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import {
  existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync,
  statSync, writeFileSync,
} from "node:fs";
import { createServer, createConnection } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";

const BASE_URL = process.env.BASE_URL;
const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
const SCREENSHOT_DIR = process.env.SCREENSHOT_DIR || "build/screenshots";
const SMTP_SINK = process.env.SMTP_SINK || "/usr/sbin/smtp-sink";
const PASSWORD = "ThaiNguyen@2026";
const PROCEDURE = "2.000815";   // Chứng thực bản sao từ bản chính (cấp xã)
const EMAIL = "hoa.le@example.vn";

if (!BASE_URL)
  throw new Error("BASE_URL is not set: run tests/browser/run.sh");

const haveSink = existsSync(SMTP_SINK);
let browser;
let sink;          // the smtp-sink child process
let tmp;           // its mail folder and the files to upload
let opened = [];   // contexts of the running test, closed after it
let errors = [];   // uncaught page errors of the running test

function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.on("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

function canConnect(port) {
  return new Promise((resolve) => {
    const c = createConnection({ host: "127.0.0.1", port });
    c.on("connect", () => { c.destroy(); resolve(true); });
    c.on("error", () => resolve(false));
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// api: a JSON call to the server's /api/v1 with an optional bearer token.
async function api(method, path, body, token) {
  const headers = { "Content-Type": "application/json" };
  if (token)
    headers.Authorization = `Bearer ${token}`;
  const res = await fetch(BASE_URL + path, {
    method, headers, body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : null };
}

// startSink: smtp-sink writing each mail it receives to a file in DIR,
// on a free port; resolves to the port once it accepts connections.
async function startSink(dir) {
  for (let tries = 0; tries < 5; tries++) {
    const port = await freePort();
    sink = spawn(SMTP_SINK, ["-u", "root", "-d", join(dir, "%M."),
                             `127.0.0.1:${port}`, "100"],
                 { stdio: "ignore" });
    for (let i = 0; i < 50; i++) {
      if (sink.exitCode !== null)
        break;
      if (await canConnect(port))
        return port;
      await sleep(100);
    }
    sink.kill();
    sink = null;
  }
  throw new Error("smtp-sink did not start");
}

// mailCode: the 6-digit code in the newest mail to TO in DIR, waiting for
// the job queue to send it.
async function mailCode(dir, to, seconds = 30) {
  for (let i = 0; i < seconds * 4; i++) {
    const files = readdirSync(dir)
      .map((f) => join(dir, f))
      .sort((a, b) => statSync(a).mtimeMs - statSync(b).mtimeMs);
    let code = null;
    for (const f of files) {
      const raw = readFileSync(f, "latin1");
      if (!new RegExp(`^To:.*${to.replace(/\./g, "\\.")}`, "mi").test(raw))
        continue;
      const split = raw.search(/\r?\n\r?\n/);
      const body = split < 0 ? "" : raw.slice(split);
      let text = body;
      if (/Content-Transfer-Encoding:\s*base64/i.test(raw))
        text = Buffer.from(body.replace(/\s+/g, ""), "base64").toString();
      else if (/Content-Transfer-Encoding:\s*quoted-printable/i.test(raw))
        text = body.replace(/=\r?\n/g, "")
          .replace(/=([0-9A-F]{2})/gi, (_, h) => String.fromCharCode(
            parseInt(h, 16)));
      const m = text.match(/^\s*(\d{6})\s*$/m);
      if (m)
        code = m[1];
    }
    if (code)
      return code;
    await sleep(250);
  }
  throw new Error(`no sign-in code arrived for ${to}`);
}

before(async () => {
  if (!haveSink)
    return;
  tmp = mkdtempSync(join(tmpdir(), "congso-svc-browser-"));
  mkdirSync(join(tmp, "mail"));
  const port = await startSink(join(tmp, "mail"));
  const login = await api("POST", "/api/v1/login",
                          { username: "admin", password: PASSWORD });
  assert.equal(login.status, 200, "the admin signs in over the API");
  const set = await api("PUT", "/api/v1/services/settings", {
    "smtp.host": "127.0.0.1",
    "smtp.port": String(port),
    "smtp.from": "motcua@thainguyen.gov.vn",
  }, login.json.token);
  assert.equal(set.status, 200, "the admin points SMTP at smtp-sink");
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
  if (sink)
    sink.kill();
  if (tmp)
    rmSync(tmp, { recursive: true, force: true });
});

afterEach(async () => {
  const seen = errors;
  for (const c of opened)
    await c.close();
  opened = [];
  errors = [];
  assert.deepEqual(seen, [], "the page raised script errors");
});

// newPage: a page in a fresh context (no cookies), Vietnamese locale, the
// size of a phone: citizens mostly apply from one.
async function newPage() {
  const context = await browser.newContext({
    baseURL: BASE_URL,
    locale: "vi-VN",
    viewport: { width: 390, height: 844 },
    isMobile: true,
    hasTouch: true,
  });
  context.setDefaultTimeout(15000);
  opened.push(context);
  const page = await context.newPage();
  page.on("pageerror", (e) => errors.push(String(e)));
  return page;
}

async function screenshot(page, name) {
  await page.screenshot({ path: join(SCREENSHOT_DIR, name), fullPage: true });
}

function path(page) {
  return new URL(page.url()).pathname;
}

describe("public services", { skip: !haveSink && "no smtp-sink" }, () => {
  test("a citizen applies with a file and tracks the dossier by code",
       async () => {
    const page = await newPage();

    // Find the procedure in the catalogue, typing without diacritics.
    await page.goto("/dich-vu-cong");
    const search = page.locator("main input[name=q]");
    await search.fill("chung thuc ban sao tu ban chinh");
    await search.press("Enter");
    await page.waitForURL((u) => u.searchParams.has("q"));
    const link = page.locator(`main a[href="/dich-vu-cong/thu-tuc/${PROCEDURE}"]`)
      .first();
    await link.click();
    await page.waitForURL((u) => u.pathname.endsWith(PROCEDURE));
    await page.getByRole("heading", { level: 1 })
      .filter({ hasText: "Chứng thực bản sao" }).waitFor();
    await screenshot(page, "dvc-thu-tuc.png");

    // Applying needs a citizen session: the portal asks for the e-mail.
    await page.getByRole("link", { name: "Nộp hồ sơ trực tuyến" }).click();
    await page.locator("#email").waitFor();
    assert.equal(path(page), "/dich-vu-cong/dang-nhap");
    await page.locator("#email").fill(EMAIL);
    await page.getByRole("button", { name: "Gửi mã" }).click();
    const codeBox = page.locator("input[name=code]");
    await codeBox.waitFor();
    await screenshot(page, "dvc-nhap-ma.png");
    const code = await mailCode(join(tmp, "mail"), EMAIL);
    await codeBox.fill(code);
    const name = page.locator("input[name=full_name]");
    if (await name.count())
      await name.fill("Lê Thị Hoa");
    await page.locator("main form button[type=submit]").last().click();
    await page.waitForURL((u) => u.pathname === `/dich-vu-cong/nop/${PROCEDURE}`);

    // The application form, filled like a person would: the commune to
    // apply at, the applicant, then the procedure's own fields (v_NAME).
    const form = page.locator("main form").filter({
      has: page.locator("select[name=unit_id]") });
    const unit = form.locator("select[name=unit_id]");
    const options = await unit.locator("option").evaluateAll(
      (os) => os.map((o) => o.value).filter((v) => v));
    assert.ok(options.length > 0, "the form offers communes to apply at");
    await unit.selectOption(options[0]);
    const fill = async (name, value) => {
      const input = form.locator(`[name=${name}]`);
      if (await input.evaluate((e) => e.value === ""))
        await input.fill(value);
    };
    await fill("applicant_name", "Lê Thị Hoa");
    await fill("applicant_phone", "0912345678");
    await form.locator("input[name=v_ho_ten]").fill("Lê Thị Hoa");
    await form.locator("input[name=v_so_dinh_danh]").fill("019190001234");
    await form.locator("input[name=v_dien_thoai]").fill("0912345678");
    await form.locator("input[name=v_dia_chi]")
      .fill("Tổ 5, phường Hoàng Văn Thụ, TP Thái Nguyên");
    await form.locator("select[name=v_loai_giay_to]")
      .selectOption("Giấy khai sinh");
    await form.locator("input[name=v_so_ban]").fill("2");
    const pdf = join(tmp, "ban-chinh.pdf");
    writeFileSync(pdf, "%PDF-1.4\n% ban chinh giay khai sinh\n%%EOF\n");
    await form.locator("input[type=file][name=ban_chinh]").setInputFiles(pdf);
    await screenshot(page, "dvc-nop.png");
    await form.getByRole("button", { name: "Nộp hồ sơ", exact: true }).click();

    // The receipt: the dossier code unit-YYMMDD-NNNN and its QR code.
    await page.waitForURL((u) => /\/bien-nhan$/.test(u.pathname) ||
                          /^\/dich-vu-cong\/ho-so\/\d+/.test(u.pathname));
    if (!/\/bien-nhan$/.test(path(page))) {
      const receipt = page.getByRole("link", { name: /Biên nhận/ }).first();
      await receipt.click();
      await page.waitForURL((u) => /\/bien-nhan$/.test(u.pathname));
    }
    const main = page.locator("main");
    const text = await main.textContent();
    const m = text.match(/Mã hồ sơ:\s*([0-9A-Za-z.]+-\d{6}-\d{4})/);
    assert.ok(m, `the receipt shows a dossier code: ${text.slice(0, 400)}`);
    const dossier = m[1];
    const now = new Date();
    const yymmdd = [now.getFullYear() % 100, now.getMonth() + 1, now.getDate()]
      .map((n) => String(n).padStart(2, "0")).join("");
    assert.equal(dossier.split("-").at(-2), yymmdd,
                 "the code carries today's date");
    assert.ok(await main.locator("svg, img").count() > 0,
              "the receipt has a QR code");
    await screenshot(page, "dvc-bien-nhan.png");

    // Anyone tracks it by code on the public page, in a fresh browser.
    const visitor = await newPage();
    await visitor.goto("/dich-vu-cong/tra-cuu");
    const box = visitor.getByLabel("Mã hồ sơ");
    await box.fill(dossier);
    await box.press("Enter");
    await visitor.waitForURL((u) => u.searchParams.get("ma") === dossier);
    const tracked = visitor.locator("main");
    await tracked.getByText(dossier).first().waitFor();
    const shown = await tracked.textContent();
    assert.match(shown, /Chứng thực bản sao/);
    assert.match(shown, /nộp/i, "the submission is one of the steps");
    for (const secret of ["Lê Thị Hoa", EMAIL, "0912345678", "019190001234"])
      assert.ok(!shown.includes(secret),
                `the public page shows no personal data (${secret})`);
    await screenshot(visitor, "dvc-tra-cuu.png");

    // A code that does not exist gets a plain "not found".
    await visitor.goto(`/dich-vu-cong/tra-cuu?ma=${encodeURIComponent(
      dossier.replace(/\d{4}$/, "9999"))}`);
    const unknown = await visitor.locator("main").textContent();
    assert.match(unknown, /Không tìm thấy hồ sơ/);
    assert.ok(!unknown.includes("Chứng thực bản sao"),
              "an unknown code shows nothing of the dossier");
  });
});
