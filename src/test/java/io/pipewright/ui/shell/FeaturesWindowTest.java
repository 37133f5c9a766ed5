package io.pipewright.ui.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import javafx.scene.Node;
import javafx.scene.control.ListView;
import javafx.scene.control.TabPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.testfx.matcher.control.LabeledMatchers;

/**
 * The Features tab of the Data workspace in the real window at 1280 × 800, on the sample view the home gets on first
 * use: a file that is not a view is listed with its error, the view is materialized, customer 7 is looked up, and the
 * view is joined onto the churn labels; a dataset dropped meanwhile opens in the Profile tab.
 */
class FeaturesWindowTest extends AppWindowTest {
    private static final Path CREDIT = Path.of("sample-data/credit/credit.csv").toAbsolutePath();

    @Override
    long waitSeconds() {
        return 60;
    }

    @SuppressWarnings("unchecked")
    @Test
    void theSampleViewIsMaterializedLookedUpAndJoinedOntoTheChurnLabels() throws Exception {
        Stage stage = launchAt1280x800();
        robot.clickOn("#workspace-data");
        TabPane tabs = robot.lookup("#data-workspace").queryAs(TabPane.class);
        assertThat(tabs.getTabs()).extracting(tab -> tab.getText()).containsExactly("Profile", "Features");
        assertThat(tabs.getSelectionModel().getSelectedItem().getText()).isEqualTo("Profile");
        assertThat(robot.lookup("#features-view").tryQuery()).as("built when its tab is first selected").isEmpty();

        robot.clickOn(robot.lookup("#data-workspace .tab-label").match(LabeledMatchers.hasText("Features")).<Node>query());
        ListView<?> files = robot.lookup("#features-files").queryAs(ListView.class);
        waitUntil(() -> files.getItems().size() == 1);
        Path folder = home.resolve("samples/features");
        assertThat(text("#features-folder")).isEqualTo("Folder: " + folder);
        assertThat(text("#features-title")).isEqualTo("customer_activity");
        assertThat(text("#features-fact-entities")).isEqualTo("customer_id");
        assertThat(text("#features-fact-timestamp")).isEqualTo("event_time");
        assertThat(text("#features-fact-source")).isEqualTo("customer_activity.csv");
        assertThat(text("#features-fact-ttl")).isEqualTo("30 days");
        assertThat(text("#features-kind-spend_30d")).isEqualTo("–");
        assertThat(text("#features-online-state")).startsWith("Not materialized");
        assertThat(robot.lookup("#features-lookup").queryButton().isDisabled()).isTrue();

        // a file that is not a view shows with its error after a reload, and the view stays selected
        Files.writeString(folder.resolve("broken.yaml"), "name: broken\nentities: [id]\n");
        robot.clickOn("#features-reload");
        waitUntil(() -> files.getItems().size() == 2);
        assertThat(robot.lookup("#features-files .label").match(LabeledMatchers.hasText("broken.yaml (view broken): timestamp is missing"))
                .tryQuery()).isPresent();
        assertThat(text("#features-title")).isEqualTo("customer_activity");

        robot.clickOn("#features-materialize");
        waitUntil(() -> text("#features-online-state").startsWith("Materialized up to"));
        assertThat(text("#features-online-state")).endsWith(" UTC: 300 entities.");
        assertThat(text("#features-kind-spend_30d")).isEqualTo("number");
        assertThat(text("#features-kind-plan")).isEqualTo("string");

        robot.clickOn("#features-key").write("7");
        robot.clickOn("#features-lookup");
        waitUntil(() -> robot.lookup("#features-value-plan").tryQuery().isPresent());
        Instant now = Instant.now();
        String[] row = latest(folder.resolve("customer_activity.csv"), "7", now);
        // the sample's last values are from late 2026: a month after them, they are past the ttl and none is served
        boolean expired = java.time.Duration.between(LocalDateTime.parse(row[1]).toInstant(ZoneOffset.UTC), now).toDays() >= 30;
        assertThat(text("#features-lookup-state")).isEqualTo("customer_id 7: values from " + row[1].replace('T', ' ') + " UTC, "
                + (expired ? "past the ttl (30 days): none is served." : "within the ttl (30 days)."));
        assertThat(text("#features-value-orders_30d")).isEqualTo(expired ? "–" : row[2]);
        assertThat(text("#features-value-spend_30d")).isEqualTo(expired ? "–" : new java.math.BigDecimal(row[3]).stripTrailingZeros().toPlainString());
        assertThat(text("#features-value-support_tickets")).isEqualTo(expired ? "–" : row[4]);
        assertThat(text("#features-value-plan")).isEqualTo(expired ? "–" : row[5]);

        Path out = home.resolve("churn_training.csv");
        robot.clickOn("#features-join-entities").write(folder.resolve("churn_labels.csv").toString());
        robot.clickOn("#features-join-out").write(out.toString());
        robot.clickOn("#features-join");
        waitUntil(() -> robot.lookup("#features-join-matched-customer_activity").tryQuery().isPresent());
        assertThat(text("#features-join-summary")).isEqualTo("1,200 rows × 8 columns written to " + out);
        assertThat(text("#features-join-matched-customer_activity")).isEqualTo("1,153");
        assertThat(text("#features-join-expired-customer_activity")).isEqualTo("0");
        assertThat(text("#features-join-missing-customer_activity")).isEqualTo("47");
        assertThat(Files.readAllLines(out)).hasSize(1_201);
        assertThat(text("#features-problem")).isEmpty();

        // at 1280 × 800 nothing of the tab is cut
        assertThat(robot.lookup("#features-view").query().getScene().getWidth()).isEqualTo(1280);
        waitUntilNothingCut(robot.lookup("#features-view").query());

        // a dataset dropped while Features shows opens in Profile
        drop(stage.getScene().getRoot(), List.of(CREDIT.toFile()));
        waitUntil(() -> tabs.getSelectionModel().getSelectedItem().getText().equals("Profile"));
        waitUntil(() -> robot.lookup("#data-status").tryQuery().isPresent() && text("#data-status").equals("1,000 rows × 10 columns"));
    }

    /** The sample's latest row for a customer at or before {@code at}: id, event time, orders, spend, tickets, plan. */
    private static String[] latest(Path csv, String customer, Instant at) throws Exception {
        String[] found = null;
        Instant foundAt = null;
        for (String line : Files.readAllLines(csv).stream().skip(1).toList()) {
            String[] fields = line.split(",");
            Instant time = LocalDateTime.parse(fields[1]).toInstant(ZoneOffset.UTC);
            if (fields[0].equals(customer) && !time.isAfter(at) && (foundAt == null || time.isAfter(foundAt))) {
                found = fields;
                foundAt = time;
            }
        }
        assertThat(found).as("customer %s has activity before %s", customer, String.format(Locale.ROOT, "%s", at)).isNotNull();
        return found;
    }
}
