import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Writes Pipewright's sample datasets. Every value comes from a seeded java.util.Random, so the
 * same command always writes the same bytes (a test checks that the committed files match).
 *
 * <pre>java sample-data/SampleDataGenerator.java sample-data</pre>
 */
public final class SampleDataGenerator {

    record Sample(String folder, String title, String task, String target, long seed, int rows, List<String> lines,
                  String description) {
        int columns() {
            return lines.get(0).split(",").length;
        }
    }

    public static void main(String[] args) throws IOException {
        Path out = Path.of(args.length > 0 ? args[0] : "sample-data");
        List<Sample> samples = List.of(credit(), machineHealth(), housing());
        var index = new StringBuilder("[\n");
        for (int i = 0; i < samples.size(); i++) {
            Sample sample = samples.get(i);
            Path folder = out.resolve(sample.folder());
            Files.createDirectories(folder);
            Files.writeString(folder.resolve(sample.folder() + ".csv"), String.join("\n", sample.lines()) + "\n", StandardCharsets.UTF_8);
            index.append("  {\"file\": \"").append(sample.folder()).append('/').append(sample.folder()).append(".csv\", ")
                    .append("\"title\": \"").append(sample.title()).append("\", ")
                    .append("\"task\": \"").append(sample.task()).append("\", ")
                    .append("\"target\": \"").append(sample.target()).append("\", ")
                    .append("\"rows\": ").append(sample.rows()).append(", ")
                    .append("\"columns\": ").append(sample.columns()).append(", ")
                    .append("\"description\": \"").append(sample.description()).append("\"}")
                    .append(i + 1 < samples.size() ? ",\n" : "\n");
        }
        index.append("]\n");
        Files.writeString(out.resolve("samples.json"), index.toString(), StandardCharsets.UTF_8);
        Path incoming = Files.createDirectories(out.resolve("credit").resolve("incoming"));
        Files.writeString(incoming.resolve("credit-2027-11.csv"), String.join("\n", creditLater().lines()) + "\n", StandardCharsets.UTF_8);
        Path traffic = Files.createDirectories(out.resolve("credit").resolve("traffic"));
        Files.writeString(traffic.resolve("credit-2027-12.csv"), String.join("\n", creditServed().lines()) + "\n", StandardCharsets.UTF_8);
        features(Files.createDirectories(out.resolve("features")));
    }

    /**
     * A feature view and the labels to join it onto: 300 customers' activity every two weeks of 2026 (a few rows
     * written late, out of time order), and 1,200 labelled moments (did the customer leave within the month?) whose
     * chance depends on the activity at that moment. Customers 300 to 314 have labels but no activity.
     */
    static void features(Path folder) throws IOException {
        var random = new Random(20261207L);
        int customers = 300;
        int snapshots = 24;
        var start = java.time.LocalDateTime.of(2026, 1, 5, 6, 0);
        String[] plans = {"basic", "plus", "pro"};
        double[][] spend = new double[customers][snapshots];
        int[][] tickets = new int[customers][snapshots];
        int[] plan = new int[customers];
        var rows = new ArrayList<String>();
        for (int c = 0; c < customers; c++) {
            plan[c] = random.nextInt(plans.length);
            double level = 40 + 60 * plan[c] + 30 * random.nextGaussian();
            double trend = random.nextGaussian() * 3;
            for (int s = 0; s < snapshots; s++) {
                spend[c][s] = Math.max(0, level + trend * s + 15 * random.nextGaussian());
                tickets[c][s] = poisson(random, spend[c][s] < 40 ? 2.0 : 0.4);
                int orders = poisson(random, 1 + spend[c][s] / 40);
                rows.add(f("%d,%s,%d,%.2f,%d,%s", c, start.plusDays(14L * s + c % 7).plusMinutes(c % 60), orders, spend[c][s], tickets[c][s],
                        plans[plan[c]]));
            }
        }
        // about one row in fifty arrives late: written after rows that came later in time
        for (int i = 0; i + 3 < rows.size(); i += 50) {
            if (random.nextBoolean()) {
                String late = rows.remove(i);
                rows.add(i + 3, late);
            }
        }
        rows.add(0, "customer_id,event_time,orders_30d,spend_30d,support_tickets,plan");
        Files.writeString(folder.resolve("customer_activity.csv"), String.join("\n", rows) + "\n", StandardCharsets.UTF_8);
        var labels = new ArrayList<String>();
        labels.add("customer_id,event_time,churned");
        for (int i = 0; i < 1200; i++) {
            int c = random.nextInt(customers + 15);
            var at = start.plusDays(7 + random.nextInt(320)).withHour(0);
            double risk = -1.6;
            if (c < customers) {
                int s = (int) Math.min(snapshots - 1, Math.max(0, java.time.Duration.between(start, at).toDays() / 14 - 1));
                risk += 0.7 * tickets[c][s] - spend[c][s] / 90 + (plan[c] == 0 ? 0.5 : 0);
            }
            boolean churned = random.nextDouble() < 1 / (1 + Math.exp(-risk));
            labels.add(f("%d,%s,%s", c, at, churned ? "yes" : "no"));
        }
        Files.writeString(folder.resolve("churn_labels.csv"), String.join("\n", labels) + "\n", StandardCharsets.UTF_8);
        Files.writeString(folder.resolve("customer_activity.yaml"), """
                # A feature view: what Pipewright knows about a customer at any moment, from their activity snapshots.
                name: customer_activity
                description: Orders, spend and support tickets of the last 30 days, every two weeks
                entities: [customer_id]
                timestamp: event_time
                source: customer_activity.csv
                ttl: 30d
                features:
                  - orders_30d
                  - spend_30d
                  - support_tickets
                  - plan
                  - spend_per_order: spend_30d / (orders_30d + 1)
                """, StandardCharsets.UTF_8);
    }

    private static String f(String pattern, Object... values) {
        return String.format(Locale.ROOT, pattern, values);
    }

    private static double clamp(double value, double low, double high) {
        return Math.max(low, Math.min(high, value));
    }

    private static <T> T pick(Random random, T[] values, double[] weights) {
        double u = random.nextDouble();
        double cumulative = 0;
        for (int i = 0; i < values.length; i++) {
            cumulative += weights[i];
            if (u < cumulative) {
                return values[i];
            }
        }
        return values[values.length - 1];
    }

    private static int poisson(Random random, double mean) {
        double limit = Math.exp(-mean);
        double product = random.nextDouble();
        int count = 0;
        while (product > limit) {
            product *= random.nextDouble();
            count++;
        }
        return count;
    }

    /** Binary classification with missing values and categorical columns. */
    static Sample credit() {
        return credit(20261101L, 1000, 1.0, 0.0, new double[] {0.25, 0.35, 0.12, 0.18, 0.10});
    }

    /**
     * New applicants a year on, with their outcomes: incomes 25 % higher, debt ratios up by 0.12 and
     * nearly three times the share of business loans. Data for drift checks and monitors, not in samples.json.
     */
    static Sample creditLater() {
        return credit(20261127L, 800, 1.25, 0.12, new double[] {0.20, 0.28, 0.10, 0.14, 0.28});
    }

    /**
     * The month after: 2,000 more applicants from the same shifted population, which neither the first model nor a
     * model retrained on the November file has seen. Traffic to replay against a served A/B split, with its outcomes.
     */
    static Sample creditServed() {
        return credit(20261215L, 2000, 1.25, 0.12, new double[] {0.20, 0.28, 0.10, 0.14, 0.28});
    }

    private static Sample credit(long seed, int rows, double incomeScale, double debtShift, double[] purposeWeights) {
        var random = new Random(seed);
        String[] ownership = {"rent", "mortgage", "own"};
        String[] purposes = {"car", "debt_consolidation", "education", "home_improvement", "business"};
        var lines = new ArrayList<String>();
        lines.add("applicant_id,age,income,debt_ratio,employment_years,home_ownership,purpose,credit_lines,late_payments,default");
        for (int i = 1; i <= rows; i++) {
            int age = (int) clamp(Math.round(40 + 12 * random.nextGaussian()), 21, 75);
            double income = clamp(Math.exp(10.6 + 0.45 * random.nextGaussian()) * (0.7 + age / 100.0) * incomeScale, 9_000, 400_000);
            double debtRatio = clamp(0.35 + debtShift + 0.18 * random.nextGaussian(), 0.0, 1.6);
            int employment = (int) clamp(Math.round((age - 21) * random.nextDouble()), 0, 50);
            String home = pick(random, ownership, new double[] {0.45, 0.38, 0.17});
            String purpose = pick(random, purposes, purposeWeights);
            int creditLines = (int) clamp(Math.round(6 + 3.5 * random.nextGaussian()), 0, 25);
            int late = poisson(random, 0.6 + 2.0 * Math.max(0, debtRatio - 0.4));
            double score = -1.6 + 3.2 * (debtRatio - 0.35) + 0.55 * late - 0.9 * Math.log(income / 50_000)
                    - 0.035 * employment + (home.equals("rent") ? 0.35 : 0) + (purpose.equals("business") ? 0.5 : 0)
                    + 0.8 * random.nextGaussian();
            boolean defaulted = random.nextDouble() < 1 / (1 + Math.exp(-score));
            // values go missing the way they do on real forms: income unanswered, employment unknown
            String incomeText = random.nextDouble() < 0.08 ? "" : f("%.2f", income);
            String employmentText = random.nextDouble() < 0.05 ? "" : Integer.toString(employment);
            String purposeText = random.nextDouble() < 0.03 ? "" : purpose;
            lines.add(f("A%05d,%d,%s,%.3f,%s,%s,%s,%d,%d,%s", i, age, incomeText, debtRatio, employmentText, home,
                    purposeText, creditLines, late, defaulted ? "yes" : "no"));
        }
        return new Sample("credit", "Credit default", "binary classification", "default", seed, rows, lines,
                "Loan applicants and whether they defaulted; income, employment and purpose have missing values.");
    }

    /** Multiclass classification from sensor readings. */
    static Sample machineHealth() {
        long seed = 20261102L;
        int rows = 1500;
        var random = new Random(seed);
        String[] states = {"normal", "wear", "fault"};
        double[] weights = {0.62, 0.26, 0.12};
        String[] lines3 = {"A", "B", "C"};
        var lines = new ArrayList<String>();
        lines.add("vibration_rms,temperature_c,pressure_bar,rpm,hours_since_service,production_line,state");
        for (int i = 0; i < rows; i++) {
            String state = pick(random, states, weights);
            int level = state.equals("normal") ? 0 : state.equals("wear") ? 1 : 2;
            String line = pick(random, lines3, new double[] {0.4, 0.35, 0.25});
            double hours = clamp(300 + 700 * level + 350 * random.nextGaussian(), 0, 4000);
            double vibration = clamp(1.2 + 0.9 * level + 0.45 * random.nextGaussian() + (line.equals("C") ? 0.3 : 0), 0.1, 9);
            double temperature = 58 + 6.5 * level * level + 4.0 * random.nextGaussian();
            double pressure = 6.0 - 0.35 * level + 0.4 * random.nextGaussian();
            int rpm = (int) Math.round(1480 - 25 * level + 30 * random.nextGaussian());
            lines.add(f("%.3f,%.1f,%.2f,%d,%.0f,%s,%s", vibration, temperature, pressure, rpm, hours, line, state));
        }
        return new Sample("machine-health", "Machine health", "multiclass classification", "state", seed, rows, lines,
                "Pump sensor readings labelled normal, wear or fault; the classes are imbalanced.");
    }

    /** Regression of a price from numeric, boolean and categorical features. */
    static Sample housing() {
        long seed = 20261103L;
        int rows = 1200;
        var random = new Random(seed);
        String[] areas = {"old_town", "riverside", "university", "industrial", "suburbs"};
        double[] premium = {1.45, 1.30, 1.10, 0.80, 0.95};
        var lines = new ArrayList<String>();
        lines.add("living_area_m2,rooms,building_age_years,distance_center_km,floor,neighbourhood,has_garden,price_keur");
        for (int i = 0; i < rows; i++) {
            int n = random.nextInt(areas.length);
            double area = clamp(25 + Math.exp(4.1 + 0.38 * random.nextGaussian()), 18, 320);
            int rooms = (int) clamp(Math.round(area / 28 + 0.7 * random.nextGaussian()), 1, 10);
            int age = (int) clamp(Math.round(35 + 25 * random.nextGaussian()), 0, 140);
            double distance = clamp(Math.abs((n == 0 ? 1 : n == 4 ? 9 : 4) + 2.0 * random.nextGaussian()), 0.2, 25);
            int floor = random.nextDouble() < 0.3 ? 0 : 1 + random.nextInt(8);
            boolean garden = random.nextDouble() < (floor == 0 ? 0.55 : 0.05);
            double price = premium[n] * (2.9 * area + 18 * rooms) * Math.exp(-0.028 * distance) * (1 - 0.0015 * age)
                    + (garden ? 22 : 0) + 14 * random.nextGaussian();
            lines.add(f("%.1f,%d,%d,%.2f,%d,%s,%s,%.1f", area, rooms, age, distance, floor, areas[n], garden, Math.max(35, price)));
        }
        return new Sample("housing", "Housing prices", "regression", "price_keur", seed, rows, lines,
                "Apartment sales with size, age, location and neighbourhood; predict the price in thousands of euros.");
    }

    private SampleDataGenerator() {
    }

    static {
        Locale.setDefault(Locale.ROOT);
    }

}
