package io.pipewright.loop.cost;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.pipewright.work.YamlErrors;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Prices per hour in USD, as the export options' {@code prices} section and the bundle's {@code runbooks/cost.json} name them.
 * A prices file ({@code --prices}, YAML or JSON) gives any of the four keys; the others stay as the bundle says.
 *
 * <pre>
 * vcpuHour: 0.0425        # one vCPU requested for an hour
 * memoryGibHour: 0.0057   # one GiB of memory requested for an hour
 * gpuHour: 0.526
 * spotDiscount: 0.65      # spot nodes cost this share less (0 to below 1)
 * </pre>
 */
public record Prices(Double vcpuHour, Double memoryGibHour, Double gpuHour, Double spotDiscount) {

    /** Hours in a month, as the cost runbook counts them. */
    public static final double HOURS_PER_MONTH = 730;

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** The problem with a value, naming its key, or null when every given value can be used. */
    public String problem() {
        for (var entry : new Object[][] {{"vcpuHour", vcpuHour}, {"memoryGibHour", memoryGibHour}, {"gpuHour", gpuHour}}) {
            Double value = (Double) entry[1];
            if (value != null && (!Double.isFinite(value) || value < 0)) {
                return entry[0] + " must be a price of at least 0 (USD per hour), not " + plain(value);
            }
        }
        if (spotDiscount != null && (!Double.isFinite(spotDiscount) || spotDiscount < 0 || spotDiscount >= 1)) {
            return "spotDiscount must be a share from 0 to below 1 (0.65 = 65 % less), not " + plain(spotDiscount);
        }
        return null;
    }

    /** True when every price is known. */
    public boolean complete() {
        return vcpuHour != null && memoryGibHour != null && gpuHour != null && spotDiscount != null;
    }

    /** These prices, each one not given here taken from {@code base} (which may be null). */
    public Prices over(Prices base) {
        if (base == null) {
            return this;
        }
        return new Prices(vcpuHour != null ? vcpuHour : base.vcpuHour, memoryGibHour != null ? memoryGibHour : base.memoryGibHour,
                gpuHour != null ? gpuHour : base.gpuHour, spotDiscount != null ? spotDiscount : base.spotDiscount);
    }

    /** Reads a prices file; an unreadable file, an unknown key or a value that cannot be a price is one line naming the file and key. */
    public static Prices read(Path file) {
        Prices prices = YamlErrors.read(file, YAML, Prices.class, () -> {
            throw new IllegalArgumentException(file + ": empty: give at least one of vcpuHour, memoryGibHour, gpuHour, spotDiscount");
        });
        if (prices == null) {
            throw new IllegalArgumentException(file + ": empty: give at least one of vcpuHour, memoryGibHour, gpuHour, spotDiscount");
        }
        String problem = prices.problem();
        if (problem != null) {
            throw new IllegalArgumentException(file + ": " + problem);
        }
        return prices;
    }

    private static String plain(double value) {
        return String.format(Locale.ROOT, "%s", value);
    }
}
