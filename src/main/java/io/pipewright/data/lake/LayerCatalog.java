package io.pipewright.data.lake;

import io.pipewright.data.DatasetException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a data folder holds, layer by layer (the datasets kept by version, and the captured tables whose Bronze and
 * Silver layers are their change logs), and how its versions were made from one another: a version's lineage runs up
 * through the layer references it was made from (Bronze → Silver → Gold) and down to the versions made from it.
 */
public final class LayerCatalog {
    /** How a dataset in a layer is kept: as versions ({@link Snapshots}), or as a captured table's live change log ({@link ChangeLog}). */
    public enum Kind { VERSIONS, CAPTURED }

    /**
     * A dataset in a layer. Kept by version: how many versions, and the newest one's rows, time and source. Captured: its
     * rows now (Bronze: one per change event) and events, the time of its last batch, and the database table it captures.
     */
    public record Entry(String layer, String name, Kind kind, int versions, long rows, long events, String updated, String source) {
        public String reference() {
            return layer + "/" + name;
        }
    }

    /**
     * A step of a lineage: a layer reference ({@code bronze/orders@2}, or a captured table's live {@code silver/orders}), its
     * layer, the version it names (null: a live layer, or a version no longer kept), a line saying what it is, and the
     * references it was made from.
     */
    public record Step(String reference, String layer, Snapshots.Version version, String detail, List<String> from) {
    }

    /** A version's lineage: what it was made from (its sources, theirs, …) and the versions made from it, each in layer order. */
    public record Lineage(Snapshots.Version version, List<Step> upstream, List<Step> downstream) {
    }

    /** How many steps a lineage follows up or down: the layers are three deep, this leaves room for versions made from versions. */
    private static final int MOST_STEPS = 64;

    private final Path dataRoot;
    private final Snapshots snapshots;

    public LayerCatalog(Path dataRoot) {
        this.dataRoot = dataRoot;
        this.snapshots = new Snapshots(dataRoot);
    }

    public Path dataRoot() {
        return dataRoot;
    }

    /** Every dataset, by layer (Bronze, Silver, Gold), then by name: a captured table's live layer before versions of the same name. */
    public List<Entry> entries() {
        var entries = new ArrayList<Entry>();
        for (ChangeLog.Manifest log : capturedTables()) {
            long silverRows = silverRows(log);
            String source = log.table() + (log.source() == null ? "" : " at " + log.source());
            entries.add(new Entry(LayerReference.BRONZE, log.name(), Kind.CAPTURED, 0, log.events(), log.events(), log.updated(), source));
            entries.add(new Entry(LayerReference.SILVER, log.name(), Kind.CAPTURED, 0, silverRows, log.events(), log.updated(), source));
        }
        for (String dataset : snapshots.datasets()) {
            String[] parts = dataset.split("/", 2);
            List<Snapshots.Version> versions = snapshots.log(parts[0], parts[1]);
            if (!versions.isEmpty()) {
                Snapshots.Version newest = versions.get(versions.size() - 1);
                entries.add(new Entry(parts[0], parts[1], Kind.VERSIONS, versions.size(), newest.rows(), 0, newest.created(), newest.source()));
            }
        }
        entries.sort(Comparator.comparingInt((Entry e) -> Snapshots.LAYERS.indexOf(e.layer())).thenComparing(Entry::name)
                .thenComparing(Entry::kind));
        return entries;
    }

    /** The versions of {@code layer/name}, newest first. */
    public List<Snapshots.Version> versions(String layer, String name) {
        var versions = new ArrayList<>(snapshots.log(layer, name));
        versions.sort(Comparator.comparingInt(Snapshots.Version::version).reversed());
        return versions;
    }

    /**
     * {@code version}'s lineage: up through what it was made from to the captured tables and files at the root, and down
     * through the versions made from it. A reference that no longer resolves (a version collected by {@code datasets gc})
     * is a step that says so.
     */
    public Lineage lineage(Snapshots.Version version) {
        Map<String, Step> up = new LinkedHashMap<>();
        var queue = new ArrayDeque<>(version.derivedFrom());
        while (!queue.isEmpty() && up.size() < MOST_STEPS) {
            String reference = queue.poll();
            if (up.containsKey(reference) || reference.equals(version.reference())) {
                continue;
            }
            Step step = step(reference);
            up.put(reference, step);
            queue.addAll(step.from());
        }
        // every version made from this one, and from those: read once, then followed
        var all = new ArrayList<Snapshots.Version>();
        for (String dataset : snapshots.datasets()) {
            String[] parts = dataset.split("/", 2);
            all.addAll(snapshots.log(parts[0], parts[1]));
        }
        Map<String, Step> down = new LinkedHashMap<>();
        var reached = new ArrayDeque<String>();
        reached.add(version.reference());
        var seen = new HashSet<String>(reached);
        while (!reached.isEmpty() && down.size() < MOST_STEPS) {
            String from = reached.poll();
            for (Snapshots.Version other : all) {
                if (other.derivedFrom().contains(from) && seen.add(other.reference())) {
                    down.put(other.reference(), versionStep(other));
                    reached.add(other.reference());
                }
            }
        }
        return new Lineage(version, inLayerOrder(up.values()), inLayerOrder(down.values()));
    }

    private static List<Step> inLayerOrder(java.util.Collection<Step> steps) {
        return steps.stream().sorted(Comparator.comparingInt((Step s) -> Snapshots.LAYERS.indexOf(s.layer())).thenComparing(Step::reference)).toList();
    }

    /** What a reference in a lineage is now. */
    private Step step(String text) {
        LayerReference reference;
        try {
            reference = LayerReference.parse(text);
        } catch (IllegalArgumentException e) {
            return new Step(text, LayerReference.BRONZE, null, "not a layer reference", List.of());
        }
        if (LayerSource.isLive(reference, dataRoot)) {
            ChangeLog.Manifest log = ChangeLog.open(LayerReference.changeLogFolder(dataRoot, reference.name())).manifest();
            boolean bronze = reference.layer().equals(LayerReference.BRONZE);
            String detail = bronze
                    ? String.format(Locale.ROOT, "captured table %s: %,d change events", log.table(), log.events())
                    : String.format(Locale.ROOT, "captured table %s: %,d rows now", log.table(), silverRows(log));
            // a captured table's Silver rows are its Bronze events applied by key
            return new Step(text, reference.layer(), null, detail, bronze ? List.of() : List.of(LayerReference.BRONZE + "/" + reference.name()));
        }
        if (reference.version() == null) {
            return new Step(text, reference.layer(), null, "read at its newest version (not recorded which)", List.of());
        }
        return snapshots.log(reference.layer(), reference.name()).stream().filter(v -> v.version() == reference.version()).findFirst()
                .map(LayerCatalog::versionStep)
                .orElseGet(() -> new Step(text, reference.layer(), null, "no longer kept (removed by datasets gc)", List.of()));
    }

    private static Step versionStep(Snapshots.Version version) {
        String detail = String.format(Locale.ROOT, "%,d rows × %d columns, %s", version.rows(), version.columns().size(),
                version.created().length() >= 19 ? version.created().substring(0, 19).replace('T', ' ') : version.created());
        return new Step(version.reference(), version.layer(), version, detail, version.derivedFrom());
    }

    /** The captured tables of this data folder ({@code cdc/NAME}), by name. */
    private List<ChangeLog.Manifest> capturedTables() {
        Path folder = dataRoot.resolve("cdc");
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        var logs = new ArrayList<ChangeLog.Manifest>();
        try (var children = Files.list(folder)) {
            for (Path child : children.filter(Files::isDirectory).sorted().toList()) {
                ChangeLog log = ChangeLog.open(child);
                if (log.exists()) {
                    logs.add(log.manifest());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + folder + ": " + e.getMessage(), e);
        }
        return logs;
    }

    /** A captured table's Silver row count; while a writer swaps files under the read, the count of its last base. */
    private long silverRows(ChangeLog.Manifest log) {
        try {
            return ChangeLog.silverRowCount(log, LayerReference.changeLogFolder(dataRoot, log.name()));
        } catch (ChangeLog.ChangedWhileReading | DatasetException e) {
            return log.rows();
        }
    }
}
