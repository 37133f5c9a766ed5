package io.pipewright.pipeline;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;

/**
 * A table shaped like Weka's credit-g (German credit: text and numeric attributes, the class good or
 * bad, about 70 % good), generated with a fixed seed, and the pipelines a new user writes for it
 * (under {@code src/test/resources/pipelines/}).
 */
public final class CreditG {
    private static final String[] CHECKING = {"<0", "0<=X<200", ">=200", "no checking"};
    private static final String[] HISTORY = {"no credits/all paid", "all paid", "existing paid", "delayed previously", "critical/other existing credit"};
    private static final String[] PURPOSE = {"new car", "used car", "furniture/equipment", "radio/tv", "education", "business", "repairs"};
    private static final String[] SAVINGS = {"<100", "100<=X<500", "500<=X<1000", ">=1000", "no known savings"};
    private static final String[] HOUSING = {"own", "rent", "for free"};
    private static final String[] JOB = {"unskilled resident", "skilled", "high qualif/self emp/mgmt"};

    private CreditG() {
    }

    /** Writes {@code credit-g.csv} (600 rows; every 25th credit_amount missing) into {@code dir}. */
    public static Path writeData(Path dir) throws IOException {
        var random = new Random(11);
        var text = new StringBuilder("checking_status,duration,credit_history,purpose,credit_amount,savings_status,installment_commitment,"
                + "age,housing,existing_credits,job,num_dependents,class\n");
        for (int i = 0; i < 600; i++) {
            int checking = random.nextInt(CHECKING.length);
            int duration = 4 + random.nextInt(69);
            int amount = 250 + random.nextInt(18_000);
            int savings = random.nextInt(SAVINGS.length);
            int age = 19 + random.nextInt(57);
            double risk = (checking == 0 ? 1.2 : checking == 1 ? 0.6 : 0) + duration / 40.0 + amount / 20_000.0 - (savings == 4 ? 0.4 : 0)
                    - (age - 19) / 80.0 + random.nextGaussian() * 0.5;
            text.append(String.format(Locale.US, "%s,%d,%s,%s,%s,%s,%d,%d,%s,%d,%s,%d,%s%n", CHECKING[checking], duration,
                    HISTORY[random.nextInt(HISTORY.length)], PURPOSE[random.nextInt(PURPOSE.length)], i % 25 == 0 ? "" : Integer.toString(amount),
                    SAVINGS[savings], 1 + random.nextInt(4), age, HOUSING[random.nextInt(HOUSING.length)], 1 + random.nextInt(3),
                    JOB[random.nextInt(JOB.length)], 1 + random.nextInt(2), risk > 1.9 ? "bad" : "good"));
        }
        return Files.writeString(dir.resolve("credit-g.csv"), text);
    }

    /** Copies a pipeline of {@code src/test/resources/pipelines/} into {@code dir}, beside the data it reads. */
    public static Path pipeline(String name, Path dir) {
        try (InputStream in = CreditG.class.getResourceAsStream("/pipelines/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no test pipeline " + name);
            }
            return Files.write(dir.resolve(name), in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
