package io.pipewright.loop.cost;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.List;
import java.util.Map;

/**
 * What a deployment costs and how much of what it requests it uses. A null figure was not measured (unknown), never 0 by
 * default; {@link #unknown()} says, for each, what would measure it.
 *
 * @param wastePercent            0–100: the share of the requested CPU and memory (weighted by their prices) that the server does not use
 * @param spotShare               0–1: the share of the chart's pods that run on spot nodes
 * @param monthlyUsd              the chart's pods at their requests for a month (730 h), when autoscaling has scaled in
 * @param cpuUtilisation          CPU cores used over the window ÷ cores requested per pod (above 1: it uses more than it requests)
 * @param memoryUtilisation       memory held ÷ memory requested per pod
 * @param cpuSecondsPer1000       CPU seconds the server spent per 1,000 predictions over the window
 * @param memoryMibSecondsPer1000 memory held over the window (MiB × seconds) per 1,000 predictions
 * @param predictions             predictions the server made over the window
 * @param source                  what was read: the bundle folder, the /metrics address and the window
 * @param notes                   what a reader should know about these figures, one sentence each
 * @param utilisation             0–1: 1 − wastePercent / 100 (the used share of the requested CPU and memory, by price)
 * @param cpuWastePercent         100 × (1 − CPU utilisation), at least 0
 * @param memoryWastePercent      100 × (1 − memory utilisation), at least 0
 * @param monthlyUsdMost          the same as monthlyUsd when autoscaling has scaled out to its most pods
 * @param cpuCoresUsed            cores the server used on average over the window
 * @param memoryMibUsed           MiB the server held on average over the window
 * @param cpuCoresRequested       cores requested per pod (the chart's values)
 * @param memoryMibRequested      MiB requested per pod
 * @param podsFewest              pods the chart runs when scaled in
 * @param podsMost                pods the chart runs when scaled out
 * @param windowSeconds           seconds between the two scrapes of /metrics
 * @param prices                  the prices the monthly cost and the waste were computed at
 * @param pricesSource            where they came from (the bundle's runbooks/cost.json, a --prices file)
 * @param unknown                 figure → why it is unknown
 */
public record CostReport(Double wastePercent, Double spotShare, Double monthlyUsd, Double cpuUtilisation, Double memoryUtilisation,
                         Double cpuSecondsPer1000, Double memoryMibSecondsPer1000, Long predictions, String source, List<String> notes,
                         Double utilisation, Double cpuWastePercent, Double memoryWastePercent, Double monthlyUsdMost, Double cpuCoresUsed,
                         Double memoryMibUsed, Double cpuCoresRequested, Double memoryMibRequested, Integer podsFewest, Integer podsMost,
                         Double windowSeconds, Prices prices, String pricesSource, Map<String, String> unknown) {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public CostReport {
        notes = List.copyOf(notes);
        unknown = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(unknown));
    }

    /** The report as JSON: every field, null where unknown. */
    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
