// directory.test.mjs - the sign-in form and the unit directory, driven
// through Debian's Chromium the way a person uses them.
//
// Needs BASE_URL (a congso serving the Thai Nguyen demo); run.sh sets it up.
// Full-page screenshots go to SCREENSHOT_DIR for a person to look at.

import { after, afterEach, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { chromium } from "playwright-core";

const BASE_URL = process.env.BASE_URL;
const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
const SCREENSHOT_DIR = process.env.SCREENSHOT_DIR || "build/screenshots";
const PASSWORD = "ThaiNguyen@2026";
const DISTRICT = "UBND huyện Đồng Hỷ";

if (!BASE_URL)
  throw new Error("BASE_URL is not set: run tests/browser/run.sh");

let browser;
let opened = [];   // contexts of the running test, closed after it
let errors = [];   // uncaught page errors of the running test

before(async () => {
  // launch() gives the browser a new empty profile (--user-data-dir) of
  // its own and removes it on close. The network flags keep Chromium from
  // calling home on a machine without outside network.
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

// newPage: a page in a fresh context (no cookies), Vietnamese locale.
async function newPage(options = {}) {
  const context = await browser.newContext({
    baseURL: BASE_URL,
    locale: "vi-VN",
    viewport: { width: 1280, height: 800 },
    ...options,
  });
  context.setDefaultTimeout(10000);
  opened.push(context);
  const page = await context.newPage();
  page.on("pageerror", (e) => errors.push(String(e)));
  return page;
}

// fillSignIn: fill in and submit the sign-in form that is on the page now.
async function fillSignIn(page, username, password) {
  await page.locator("#username").fill(username);
  await page.locator("#password").fill(password);
  await page.getByRole("button", { name: "Đăng nhập" }).click();
}

// signedIn: a fresh page signed in through the form as USERNAME.
async function signedIn(username = "admin", options = {}) {
  const page = await newPage(options);
  await page.goto("/dang-nhap");
  await fillSignIn(page, username, PASSWORD);
  await page.waitForURL((u) => u.pathname === "/");
  return page;
}

function path(page) {
  return new URL(page.url()).pathname;
}

// toggle: click a <summary> on its disclosure marker, at its left
// edge, so the click opens the details rather than following the unit link
// written inside the summary.
async function toggle(details) {
  const summary = details.locator(":scope > summary");
  const box = await summary.boundingBox();
  assert.ok(box, "the summary is on screen");
  await summary.click({ position: { x: 4, y: box.height / 2 } });
}

async function screenshot(page, name) {
  await page.screenshot({ path: join(SCREENSHOT_DIR, name), fullPage: true });
}

describe("sign-in", () => {
  test("admin signs in through the form and is greeted by name", async () => {
    const page = await signedIn("admin");
    const main = page.locator("main");
    await main.getByText("Xin chào").first().waitFor();
    const greeting = await main.getByText("Xin chào").first().textContent();
    assert.match(greeting, /Xin chào,\s*\S+/);
    const header = page.locator("header");
    assert.equal(
      await header.getByRole("button", { name: "Đăng xuất" }).count(), 1);
    await screenshot(page, "trang-chu.png");
  });

  test("a wrong password shows the Vietnamese error as an alert", async () => {
    const page = await newPage();
    await page.goto("/dang-nhap");
    await fillSignIn(page, "admin", "not-the-password");
    const alert = page.getByRole("alert");
    await alert.waitFor();
    assert.match(await alert.textContent(),
                 /Sai tên đăng nhập hoặc mật khẩu/);
    assert.equal(path(page), "/dang-nhap");
    assert.equal(await page.getByText("Xin chào").count(), 0);
    await screenshot(page, "dang-nhap-sai.png");
  });

  test("a signed-out visit to /don-vi goes to the sign-in form and back",
       async () => {
    const page = await newPage();
    await page.goto("/don-vi");
    assert.equal(path(page), "/dang-nhap");
    await fillSignIn(page, "admin", PASSWORD);
    await page.waitForURL((u) => u.pathname === "/don-vi");
    assert.equal(await page.locator("h1").textContent(), "Danh bạ đơn vị");
  });

  test("signing out ends the session", async () => {
    const page = await signedIn("admin");
    await page.locator("header")
      .getByRole("button", { name: "Đăng xuất" }).click();
    await page.waitForLoadState();
    await page.goto("/don-vi");
    assert.equal(path(page), "/dang-nhap");
  });
});

describe("unit directory", () => {
  test("opening a tree node loads its children lazily", async () => {
    const page = await signedIn("admin");
    await page.goto("/don-vi");
    const tree = page.locator("main ul.tree").first();
    const province = tree.locator('details[data-unit="1"]').first();
    if (!(await province.evaluate((d) => d.open)))
      await toggle(province);

    const link = tree.getByRole("link", { name: DISTRICT, exact: true });
    assert.equal(await link.count(), 1, "the district is in the tree");
    const id = await link.evaluate((a) => a.closest("details").dataset.unit);
    const district = tree.locator(`details[data-unit="${id}"]`);
    assert.equal(await district.locator("li").count(), 0,
                 "its children are not in the page before it is opened");

    const fetched = page.waitForResponse(
      (r) => /\/don-vi\/\d+\/cay/.test(new URL(r.url()).pathname));
    await toggle(district);
    const response = await fetched;
    assert.equal(response.status(), 200);

    const child = district.getByRole("link", { name: "UBND xã Cây Thị" });
    await child.waitFor();
    assert.ok(await district.locator("li").count() > 10,
              "the district's units are listed under it");
    assert.equal(await district.getAttribute("aria-busy"), null);
    await screenshot(page, "don-vi-cay.png");
  });

  test("searching without diacritics finds the district and opens its page",
       async () => {
    const page = await signedIn("admin");
    await page.goto("/don-vi");
    await page.locator("#q").fill("dong hy");
    await page.getByRole("button", { name: "Tìm", exact: true }).click();
    await page.waitForURL((u) => u.searchParams.get("q") === "dong hy");

    const results = page.locator("main");
    await results.getByText("Đồng Hỷ").first().waitFor();
    await screenshot(page, "don-vi-tim.png");

    await results.getByRole("link", { name: DISTRICT, exact: true }).click();
    await page.waitForURL((u) => /^\/don-vi\/\d+$/.test(u.pathname));

    assert.equal(await page.locator("h1").textContent(), DISTRICT);
    await page.locator("main").getByText("Mã định danh").waitFor();
    const people = page.locator("main table");
    assert.ok(await people.count() >= 1, "the unit page has a people table");
    assert.ok(await people.first().locator("tbody tr").count() > 0,
              "the people table lists people");
    await page.locator("main").getByRole("heading", { name: "Lịch sử" })
      .waitFor();
    await screenshot(page, "don-vi-trang.png");
  });
});

describe("accessibility and layout", () => {
  test("the first Tab focuses the skip link, which leads to the main content",
       async () => {
    const page = await signedIn("admin");
    await page.goto("/don-vi");
    await page.keyboard.press("Tab");
    const focused = await page.evaluate(() => ({
      text: document.activeElement.textContent.trim(),
      href: document.activeElement.getAttribute("href"),
    }));
    assert.equal(focused.text, "Bỏ qua, đến nội dung chính");
    const skip = page.getByRole("link", { name: "Bỏ qua, đến nội dung chính" });
    const box = await skip.boundingBox();
    assert.ok(box && box.width > 0 && box.height > 0 && box.y >= 0,
              "the focused skip link is visible");

    await page.keyboard.press("Enter");
    const target = focused.href.replace(/^#/, "");
    await page.waitForFunction((id) => document.activeElement.id === id,
                               target);
  });

  test("the directory does not scroll sideways on a 375px-wide phone",
       async () => {
    const page = await signedIn("admin", {
      viewport: { width: 375, height: 812 },
      isMobile: true,
      hasTouch: true,
    });
    await page.goto("/don-vi");
    const { scroll, client } = await page.evaluate(() => ({
      scroll: document.documentElement.scrollWidth,
      client: document.documentElement.clientWidth,
    }));
    await screenshot(page, "don-vi-375.png");
    assert.ok(scroll <= client + 1,
              `page is ${scroll}px wide in a ${client}px viewport`);
  });

  test("a unit page does not scroll sideways on a 375px-wide phone",
       async () => {
    const page = await signedIn("admin", {
      viewport: { width: 375, height: 812 },
      isMobile: true,
      hasTouch: true,
    });
    await page.goto("/don-vi");
    await page.locator("#q").fill("dong hy");
    await page.getByRole("button", { name: "Tìm", exact: true }).click();
    await page.locator("main")
      .getByRole("link", { name: DISTRICT, exact: true }).click();
    await page.waitForURL((u) => /^\/don-vi\/\d+$/.test(u.pathname));
    const { scroll, client } = await page.evaluate(() => ({
      scroll: document.documentElement.scrollWidth,
      client: document.documentElement.clientWidth,
    }));
    await screenshot(page, "don-vi-trang-375.png");
    assert.ok(scroll <= client + 1,
              `page is ${scroll}px wide in a ${client}px viewport`);
  });
});
