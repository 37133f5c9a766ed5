package io.pipewright.serve;

import io.pipewright.features.FeatureException;
import io.pipewright.features.OnlineStore;
import io.pipewright.train.ModelArtifact;
import io.pipewright.train.Step;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Fills a request's features from the online store by its entity keys, for a model trained through a {@code features}
 * node: a row of {@code {"customer_id": 42}} gets the values the store holds for customer 42 (none: missing, as in
 * training when a customer had no values yet, or had only values past the ttl). Features the request carries itself
 * are kept. The point in time of a served row is now: a view's timestamp column the model reads is set to it.
 */
public final class FeatureLookup implements AutoCloseable {
    /** Views of an embedded store up to this many entities are held in memory while serving; larger ones are queried. */
    static final long HELD_ENTITIES = 1_000_000;

    private final OnlineStore store;
    private final List<Step.Lookup.View> views;
    private final Set<String> inputs;
    private final String target;

    private FeatureLookup(OnlineStore store, List<Step.Lookup.View> views, Set<String> inputs, String target) {
        this.store = store;
        this.views = List.copyOf(views);
        this.inputs = inputs;
        this.target = target;
    }

    /**
     * The lookup of a model (its views from its {@code lookup} steps; none for a model trained without a features node,
     * whose server still answers {@code /v1/features}); each view must be in the store, else one line says to materialize it.
     */
    public static FeatureLookup of(OnlineStore store, ModelArtifact.Manifest model) {
        var views = views(model);
        for (Step.Lookup.View view : views) {
            var layout = store.layout(view.name()).orElseThrow(() -> new FeatureException("model " + model.name() + " reads feature view "
                    + view.name() + ", which the online store " + store.url() + " does not hold: pipewright features materialize --view "
                    + view.name() + ".yaml"));
            if (!layout.features().containsAll(view.features())) {
                var lacking = new ArrayList<>(view.features());
                lacking.removeAll(layout.features());
                throw new FeatureException("model " + model.name() + " reads " + String.join(", ", lacking) + " of view " + view.name()
                        + ", which the online store " + store.url() + " does not hold (it was materialized with " + String.join(", ", layout.features())
                        + "); materialize the view the model was trained with");
            }
            store.require(view.name());
            // an embedded store is this process's alone while it serves: its views are read once into memory
            store.hold(view.name(), HELD_ENTITIES);
        }
        var inputs = new HashSet<String>();
        model.inputs().forEach(input -> inputs.add(input.name()));
        return new FeatureLookup(store, views, inputs, model.target());
    }

    /** The views a model reads by entity key (its lookup steps), in order; empty for a model trained without a features node. */
    public static List<Step.Lookup.View> views(ModelArtifact.Manifest model) {
        var views = new ArrayList<Step.Lookup.View>();
        if (model.steps() != null) {
            for (Step step : model.steps()) {
                if (step instanceof Step.Lookup lookup) {
                    views.addAll(lookup.views());
                }
            }
        }
        return views;
    }

    public OnlineStore store() {
        return store;
    }

    /** The model's views, by name. */
    public List<String> views() {
        return views.stream().map(Step.Lookup.View::name).toList();
    }

    /** One entity's values, for {@code GET /v1/features/{view}/{entity}} (a key of several columns: values separated by commas). */
    public Optional<OnlineStore.Entry> read(String view, String entity) {
        if (store.layout(view).isEmpty()) {
            return Optional.empty();
        }
        return read(view, List.of((Object[]) entity.split(",", -1)), Instant.now());
    }

    /** Whether the view is in the store. */
    public boolean holds(String view) {
        return store.layout(view).isPresent();
    }

    /**
     * The online store could not be read (a database that went away, a network that failed): the records are not wrong,
     * so a stream reads them again later and a server answers 503, rather than refusing them as bad input.
     */
    public static final class StoreUnavailable extends RuntimeException {
        StoreUnavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private Optional<OnlineStore.Entry> read(String view, List<Object> key, Instant now) {
        try {
            return store.read(view, key, now);
        } catch (FeatureException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new StoreUnavailable("the online store " + store.url() + " did not answer: " + e.getMessage(), e);
        }
    }

    /**
     * Whether a version can be swapped in for the one serving with this process's lookup: the same views, and the same
     * use of their key and time columns and of the target (what {@link #fill} adds and removes by).
     */
    public static boolean sameLookup(ModelArtifact.Manifest serving, ModelArtifact.Manifest next) {
        var views = views(serving);
        if (!views.equals(views(next)) || !java.util.Objects.equals(serving.target(), next.target())) {
            return false;
        }
        var servingInputs = new HashSet<String>();
        serving.inputs().forEach(input -> servingInputs.add(input.name()));
        var nextInputs = new HashSet<String>();
        next.inputs().forEach(input -> nextInputs.add(input.name()));
        for (Step.Lookup.View view : views) {
            var columns = new ArrayList<>(view.entities());
            columns.add(view.timestamp());
            for (String column : columns) {
                if (servingInputs.contains(column) != nextInputs.contains(column)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Records with their views' features filled in from the store (records that carry them already are left as they are). */
    public List<Map<String, Object>> fill(List<Map<String, Object>> records) {
        if (views.isEmpty()) {
            return records;
        }
        Instant now = Instant.now();
        var filled = new ArrayList<Map<String, Object>>(records.size());
        for (Map<String, Object> record : records) {
            Map<String, Object> row = record;
            for (Step.Lookup.View view : views) {
                if (view.features().stream().allMatch(record::containsKey)) {
                    continue;
                }
                if (row == record) {
                    row = new LinkedHashMap<>(record);
                }
                var key = new ArrayList<Object>();
                for (String entity : view.entities()) {
                    if (!record.containsKey(entity)) {
                        throw new Predictor.InvalidInput("missing " + entity + ": the key of feature view " + view.name()
                                + " (or send its features: " + String.join(", ", view.features()) + ")");
                    }
                    key.add(record.get(entity));
                }
                Optional<OnlineStore.Entry> entry = key.contains(null) ? Optional.empty() : read(view.name(), key, now);
                for (String feature : view.features()) {
                    if (!record.containsKey(feature)) {
                        row.put(feature, entry.map(found -> value(found.features().get(feature))).orElse(null));
                    }
                }
                if (inputs.contains(view.timestamp()) && !record.containsKey(view.timestamp())) {
                    row.put(view.timestamp(), LocalDateTime.ofInstant(now, ZoneOffset.UTC).toString());
                }
                // the keys found the features; a model that does not read them would refuse them as unknown
                for (String entity : view.entities()) {
                    if (!inputs.contains(entity) && !entity.equals(target)) {
                        row.remove(entity);
                    }
                }
            }
            filled.add(row);
        }
        return filled;
    }

    /** A value as a request carries it: a date-time as ISO text without a zone (UTC), as the model's schema reads one. */
    private static Object value(Object value) {
        if (value instanceof String text && text.endsWith("Z") && text.length() > 10 && text.charAt(10) == 'T') {
            try {
                return LocalDateTime.ofInstant(Instant.parse(text), ZoneOffset.UTC).toString();
            } catch (java.time.format.DateTimeParseException e) {
                return value;
            }
        }
        return value;
    }

    @Override
    public void close() {
        store.close();
    }
}
