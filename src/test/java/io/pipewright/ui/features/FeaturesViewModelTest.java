package io.pipewright.ui.features;

import static org.assertj.core.api.Assertions.assertThat;

import io.pipewright.data.DatabaseCredentials;
import io.pipewright.ui.common.Notifications;
import io.pipewright.ui.common.SameThreadTaskExecutor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FeaturesViewModelTest {
    private static final Instant NOW = Instant.parse("2026-12-07T09:00:00Z");

    @TempDir
    Path dir;

    private final Notifications notifications = new Notifications();

    private FeaturesViewModel model(Instant now) {
        var environment = new FeaturesViewModel.Environment(() -> dir.resolve("data"), new DatabaseCredentials(Map.of(), dir.resolve("secrets.properties")),
                Clock.fixed(now, ZoneOffset.UTC));
        return new FeaturesViewModel(new SameThreadTaskExecutor(), notifications, dir.resolve("samples/features"), environment);
    }

    /** The sample's latest row for a customer at or before {@code at}: event time, orders, spend, tickets, plan. */
    private static String[] latest(Path csv, String customer, Instant at) throws Exception {
        String[] found = null;
        for (String line : Files.readAllLines(csv).subList(1, Files.readAllLines(csv).size())) {
            String[] fields = line.split(",");
            Instant time = LocalDateTime.parse(fields[1]).toInstant(ZoneOffset.UTC);
            if (fields[0].equals(customer) && !time.isAfter(at) && (found == null || time.isAfter(LocalDateTime.parse(found[1]).toInstant(ZoneOffset.UTC)))) {
                found = fields;
            }
        }
        return found;
    }

    @Test
    void theFirstReadCopiesTheSampleViewAndListsItWithoutMakingTheOnlineStore() {
        var model = model(NOW);
        model.refresh();

        assertThat(dir.resolve("samples/features")).isDirectoryContaining(path -> path.getFileName().toString().equals("churn_labels.csv"));
        assertThat(model.files()).extracting(FeaturesViewModel.ViewFile::name).containsExactly("customer_activity");
        assertThat(model.selectedProperty().get().valid()).isTrue();
        assertThat(model.features()).extracting(FeaturesViewModel.FeatureLine::name)
                .containsExactly("orders_30d", "spend_30d", "support_tickets", "plan", "spend_per_order");
        assertThat(model.features().get(4).definition()).isEqualTo("= spend_30d / (orders_30d + 1)");
        assertThat(model.features()).extracting(FeaturesViewModel.FeatureLine::kind).containsOnlyNulls();
        assertThat(model.onlineStateProperty().get()).startsWith("Not materialized");
        assertThat(model.materializedProperty().get()).isFalse();
        assertThat(model.emptyMessageProperty().get()).isEmpty();
        assertThat(dir.resolve("data/online")).as("reading does not make the online store").doesNotExist();
    }

    @Test
    void aFileThatIsNotAViewIsListedWithItsOneLineError() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("views"));
        SampleViews.copyInto(folder);
        Files.writeString(folder.resolve("broken.yaml"), "name: broken\nentities: [id]\ntimestamp: at\nsource: x.csv\nfeatures: [a]\nttl: soon\n");
        var model = model(NOW);
        model.chooseFolder(folder);

        assertThat(model.files()).extracting(FeaturesViewModel.ViewFile::name).containsExactly("broken.yaml", "customer_activity");
        FeaturesViewModel.ViewFile broken = model.files().get(0);
        assertThat(broken.valid()).isFalse();
        assertThat(broken.error()).isEqualTo("broken.yaml (view broken): ttl soon: a positive duration such as 30d, 12h, 15m or 90s");
        assertThat(model.selectedProperty().get().name()).as("the first view that reads is selected").isEqualTo("customer_activity");

        model.select(broken);
        assertThat(model.features()).isEmpty();
        assertThat(model.onlineStateProperty().get()).isEmpty();
        model.join();
        assertThat(model.problemProperty().get()).as("the join joins the views that read").startsWith("Choose the entity table");
    }

    @Test
    void anEmptyFolderSaysWhatAViewIsAndNamesTheSampleWhichItCanAdd() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("empty"));
        var model = model(NOW);
        model.chooseFolder(folder);

        assertThat(model.files()).isEmpty();
        assertThat(model.emptyMessageProperty().get()).startsWith("No feature view files in " + folder + ". A feature view is a YAML file")
                .contains("customer_activity.yaml");
        assertThat(model.selectedProperty().get()).isNull();

        model.addSample();
        assertThat(model.emptyMessageProperty().get()).isEmpty();
        assertThat(model.files()).extracting(FeaturesViewModel.ViewFile::name).containsExactly("customer_activity");
        assertThat(notifications.latestProperty().get().text()).startsWith("Copied the sample view customer_activity.yaml");
    }

    @Test
    void aMissingFolderIsOneLine() {
        var model = model(NOW);
        model.chooseFolder(dir.resolve("nowhere"));
        assertThat(model.problemProperty().get()).isEqualTo("Cannot read " + dir.resolve("nowhere") + ": no such folder");
        assertThat(model.files()).isEmpty();
    }

    @Test
    void materializingUpToNowLetsAnEntityBeLookedUpWithItsLatestValues() throws Exception {
        var model = model(NOW);
        model.refresh();
        model.lookupKeyProperty().set("7");
        model.lookUp();
        assertThat(model.problemProperty().get()).isEqualTo("Materialize customer_activity first: the online store holds no values of it yet.");

        model.materialize();
        assertThat(model.runningProperty().get()).isFalse();
        assertThat(model.problemProperty().get()).isEmpty();
        assertThat(model.onlineStateProperty().get()).startsWith("Materialized up to 2026-12-07 09:00 UTC: 300 entities.");
        assertThat(model.materializedProperty().get()).isTrue();
        assertThat(model.features()).extracting(FeaturesViewModel.FeatureLine::kind).containsExactly("number", "number", "number", "string", "number");
        assertThat(notifications.latestProperty().get().text()).startsWith("customer_activity: 300 entities written from ");

        model.lookUp();
        String[] row = latest(dir.resolve("samples/features/customer_activity.csv"), "7", NOW);
        assertThat(model.lookupStateProperty().get()).isEqualTo("customer_id 7: values from " + row[1].replace('T', ' ') + " UTC, within the ttl (30 days).");
        double orders = Double.parseDouble(row[2]);
        double spend = Double.parseDouble(row[3]);
        assertThat(model.lookupValues()).containsExactly(
                new FeaturesViewModel.FeatureValue("orders_30d", FeaturesViewModel.text(orders)),
                new FeaturesViewModel.FeatureValue("spend_30d", FeaturesViewModel.text(spend)),
                new FeaturesViewModel.FeatureValue("support_tickets", row[4]),
                new FeaturesViewModel.FeatureValue("plan", row[5]),
                new FeaturesViewModel.FeatureValue("spend_per_order", FeaturesViewModel.text(spend / (orders + 1))));

        model.lookupKeyProperty().set("9999");
        model.lookUp();
        assertThat(model.lookupStateProperty().get()).isEqualTo("No such entity: the online store has no customer_id 9999 in customer_activity.");
        assertThat(model.lookupValues()).isEmpty();

        model.lookupKeyProperty().set("7,8");
        model.lookUp();
        assertThat(model.problemProperty().get()).isEqualTo("view customer_activity is keyed by customer_id (1 value), not 2 values");

        model.lookupKeyProperty().set("  ");
        model.lookUp();
        assertThat(model.problemProperty().get()).isEqualTo("Type the customer_id of the entity to look up.");
    }

    @Test
    void aLookupLongAfterTheLastValuesSaysTheyArePastTheTtl() {
        var materializing = model(NOW);
        materializing.refresh();
        materializing.materialize();

        var later = model(Instant.parse("2027-03-01T00:00:00Z"));
        later.refresh();
        assertThat(later.onlineStateProperty().get()).as("read from the store on disk").startsWith("Materialized up to 2026-12-07 09:00 UTC: 300 entities");
        later.lookupKeyProperty().set("7");
        later.lookUp();
        assertThat(later.lookupStateProperty().get()).endsWith(", past the ttl (30 days): none is served.");
        assertThat(later.lookupValues()).extracting(FeaturesViewModel.FeatureValue::value).containsOnly("–");
    }

    @Test
    void aJoinOntoTheChurnLabelsCountsEachViewsRowsAndLearnsTheKinds() throws Exception {
        var model = model(NOW);
        model.refresh();
        Path labels = dir.resolve("samples/features/churn_labels.csv");
        model.chooseEntities(labels);
        assertThat(model.joinOutProperty().get()).isEqualTo(dir.resolve("samples/features/churn_labels_features.csv").toString());

        model.join();
        var result = model.joinResultProperty().get();
        assertThat(result).isNotNull();
        assertThat(result.rows()).isEqualTo(1_200);
        assertThat(result.views()).singleElement().satisfies(view -> {
            assertThat(view.matched()).isEqualTo(1_153);
            assertThat(view.expired()).isZero();
            assertThat(view.missing()).isEqualTo(47);
        });
        assertThat(Files.readAllLines(result.out())).hasSize(1_201);
        assertThat(model.features()).extracting(FeaturesViewModel.FeatureLine::kind).doesNotContainNull();
        assertThat(notifications.latestProperty().get().text()).isEqualTo("1,200 rows × 8 columns written to " + result.out());
    }

    @Test
    void aJoinSaysInOneLineWhatIsMissingOrWrong() {
        var model = model(NOW);
        model.refresh();
        model.join();
        assertThat(model.problemProperty().get()).isEqualTo("Choose the entity table: a file with the views' key columns and their time column, event_time.");

        model.joinEntitiesProperty().set(dir.resolve("labels.csv").toString());
        model.join();
        assertThat(model.problemProperty().get()).isEqualTo("Choose the CSV file the joined table is written to.");

        model.joinOutProperty().set(dir.resolve("labels.csv").toString());
        model.join();
        assertThat(model.problemProperty().get()).isEqualTo("The joined table would overwrite the entity table labels.csv: choose another output file.");

        model.joinOutProperty().set(dir.resolve("out.csv").toString());
        model.join();
        assertThat(model.problemProperty().get()).isEqualTo(dir.resolve("labels.csv") + ": no such file");
        assertThat(model.runningProperty().get()).isFalse();
        assertThat(dir.resolve("out.csv")).doesNotExist();
        assertThat(model.joinResultProperty().get()).isNull();
    }

    @Test
    void numbersAndTtlsReadAsPeopleWriteThem() {
        assertThat(FeaturesViewModel.text(10.0)).isEqualTo("10");
        assertThat(FeaturesViewModel.text(209.9)).isEqualTo("209.9");
        assertThat(FeaturesViewModel.text(209.9 / 11)).isEqualTo("19.0818");
        assertThat(FeaturesViewModel.text(null)).isEqualTo("–");
        assertThat(FeaturesViewModel.text("pro")).isEqualTo("pro");
        assertThat(FeaturesViewModel.duration(java.time.Duration.ofDays(30))).isEqualTo("30 days");
        assertThat(FeaturesViewModel.duration(java.time.Duration.ofHours(1))).isEqualTo("1 hour");
        assertThat(FeaturesViewModel.duration(java.time.Duration.ofSeconds(90))).isEqualTo("90 seconds");
        assertThat(List.of(FeaturesViewModel.duration(java.time.Duration.ofMillis(500)))).containsExactly("500 ms");
    }
}
