package dev.dcgan.serve;

import static dev.dcgan.serve.ServeFixture.CONDITIONAL;
import static dev.dcgan.serve.ServeFixture.MNIST;
import static org.junit.jupiter.api.Assertions.*;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.dcgan.inference.ImageGrid;
import dev.dcgan.inference.Latents;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The explorer page in a real browser: Debian's headless Chromium through its chromedriver (never a
 * downloaded one), against a server on the loopback. Skipped, saying why, where they are missing.
 */
class ExplorerBrowserTest {
  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  private static final Gson GSON = new Gson();

  @TempDir static Path tmp;
  static DcganServer server;
  static WebDriver browser;

  @BeforeAll
  static void start() throws Exception {
    boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    if (!present)
      System.out.println(
          "ExplorerBrowserTest skipped: no "
              + (Files.isExecutable(CHROMIUM) ? CHROMEDRIVER : CHROMIUM)
              + " (apt-get install chromium chromium-driver)");
    Assumptions.assumeTrue(present, "Debian's chromium and chromium-driver are not installed");
    Path models = ServeFixture.modelsFolder(tmp.resolve("models"), MNIST, CONDITIONAL);
    server = DcganServer.start(DcganServer.Config.of(models).withPort(0));
    var options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--user-data-dir=" + Files.createDirectories(tmp.resolve("profile")));
    var service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(new File(CHROMEDRIVER.toString()))
            .usingAnyFreePort()
            .build();
    browser = new ChromeDriver(service, options);
  }

  @AfterAll
  static void stop() {
    if (browser != null) browser.quit();
    if (server != null) server.close();
  }

  /** Opens a view and waits until the page has drawn it (or said what is wrong). */
  static void open(String query) {
    browser.get(server.uri().resolve("/" + query).toString());
    waitForRenders(1);
  }

  static int renders() {
    Object r = ((JavascriptExecutor) browser).executeScript("return document.body.dataset.renders");
    return Integer.parseInt(String.valueOf(r));
  }

  static void waitForRenders(int atLeast) {
    new WebDriverWait(browser, Duration.ofSeconds(60)).until(d -> renders() >= atLeast);
  }

  /** Does something on the page and waits until it has drawn once more. */
  static void andWait(Runnable action) {
    int before = renders();
    action.run();
    waitForRenders(before + 1);
  }

  /** The gray values of each image drawn in a box of the page. */
  @SuppressWarnings("unchecked")
  static List<List<Long>> images(String box) {
    return (List<List<Long>>)
        ((JavascriptExecutor) browser)
            .executeScript(
                "return [...document.querySelectorAll('#' + arguments[0] + ' canvas')].map(c =>"
                    + " Array.from(c.getContext('2d').getImageData(0, 0, c.width, c.height).data"
                    + ".filter((v, i) => i % 4 === 0)))",
                box);
  }

  /** What the REST API gives for the grid of (seed, class, ψ), quantised as PNGs are. */
  static List<List<Long>> restImages(long seed, int cls, double psi) throws Exception {
    float[][] z = Latents.truncated(16, 100, seed, psi);
    var instances = new JsonArray();
    for (float[] row : z) {
      var instance = new JsonObject();
      instance.add("z", GSON.toJsonTree(row));
      instance.addProperty("labels", cls);
      instances.add(instance);
    }
    var answer =
        ServeFixture.post(
            server.uri().resolve("/v1/models/" + CONDITIONAL + ":predict"),
            "{\"instances\": " + instances + "}");
    assertEquals(200, answer.status(), answer.body());
    float[] all = RestApiTest.flat(answer.json().getAsJsonArray("predictions"));
    int size = 28 * 28;
    return java.util.stream.IntStream.range(0, 16)
        .mapToObj(
            i ->
                java.util.stream.IntStream.range(0, size)
                    .mapToObj(p -> (long) ImageGrid.quantize(all[i * size + p]))
                    .toList())
        .toList();
  }

  @Test
  void classSliderPinsAndPathAgreeWithTheRestApi() throws Exception {
    open("?model=" + CONDITIONAL + "&seed=5&class=3&psi=0.8");
    assertEquals("ready", browser.findElement(By.tagName("body")).getDomAttribute("data-state"));
    var three = images("grid");
    assertEquals(16, three.size());
    assertEquals(restImages(5, 3, 0.8), three);

    andWait(() -> new Select(browser.findElement(By.id("class"))).selectByValue("7"));
    var seven = images("grid");
    assertNotEquals(three, seven, "choosing class 7 changed nothing");
    assertEquals(restImages(5, 7, 0.8), seven);
    assertTrue(browser.getCurrentUrl().contains("class=7"), browser.getCurrentUrl());

    andWait(() -> browser.findElement(By.id("psi")).sendKeys(Keys.ARROW_RIGHT));
    var wider = images("grid");
    assertNotEquals(seven, wider, "moving the slider changed nothing");
    assertTrue(browser.getCurrentUrl().contains("psi=0.9"), browser.getCurrentUrl());
    assertEquals(restImages(5, 7, 0.9), wider);

    var grid = browser.findElements(By.cssSelector("#grid canvas"));
    andWait(() -> grid.get(2).click());
    andWait(() -> grid.get(9).click());
    var strip = images("strip");
    assertEquals(8, strip.size());
    assertEquals(wider.get(2), strip.get(0), "the path starts at the first pin");
    assertEquals(wider.get(9), strip.get(7), "the path ends at the second pin");
    assertEquals(List.of(wider.get(2), wider.get(9)), images("pins"));

    // A walk moves the last pin: its image changes, the first pin's does not.
    andWait(() -> browser.findElement(By.tagName("body")).sendKeys(Keys.ARROW_LEFT));
    var walked = images("pins");
    assertEquals(wider.get(2), walked.get(0));
    assertNotEquals(wider.get(9), walked.get(1));
  }

  @Test
  void aSharedLinkShowsTheSameImages() {
    open("?model=" + MNIST + "&seed=11&psi=1.5&code=4");
    var first = images("grid");
    assertEquals(16, first.size());
    assertEquals(20, images("codes").size(), "one image per latent code");
    open("?model=" + MNIST + "&seed=11&psi=1.5&code=4");
    assertEquals(first, images("grid"));
  }

  @Test
  void aBadUrlParameterShowsAMessage() {
    for (String[] bad :
        new String[][] {
          {"?model=" + MNIST + "&seed=abc", "seed must be a whole number"},
          {"?model=" + MNIST + "&seed=1&psi=-1", "psi must be a number greater than 0"},
          {"?model=nope", "Unknown model 'nope'"},
          {"?model=" + CONDITIONAL + "&class=12", "class must be 0..9"},
          {"?model=" + MNIST + "&code=99", "code must be 0..19"}
        }) {
      open(bad[0]);
      var message = browser.findElement(By.id("message"));
      assertTrue(message.isDisplayed(), bad[0] + ": no message shown");
      assertTrue(message.getText().contains(bad[1]), bad[0] + ": " + message.getText());
    }
  }
}
