package io.pipewright.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pipewright.home.BuildInfo;
import io.pipewright.home.PipewrightHome;
import io.pipewright.work.ByteSizes;
import io.pipewright.track.RecentFile;
import io.pipewright.track.RecentFiles;
import io.pipewright.track.Store;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** Starts neither logging nor Tablesaw ({@link StartNeeds.Nothing}): it reads the store on one thread and no table (about 240 classes fewer). */
@Command(name = "info", description = "Show the home folder, the store (creating and migrating it if needed) and the recent files.")
final class InfoCommand implements Callable<Integer>, StartNeeds.Nothing {

    @ParentCommand
    private PipewrightCommand root;

    @Spec
    private CommandSpec spec;

    @Option(names = "--json", description = "Print JSON instead of text.")
    private boolean json;

    @Override
    public Integer call() throws Exception {
        return show(root, json, spec.commandLine().getOut());
    }

    /** What the command prints, for the parsed command line and for {@link Cli}'s reading of its plain forms. */
    static int show(PipewrightCommand root, boolean json, PrintWriter out) throws Exception {
        PipewrightHome home = root.home().create();
        BuildInfo build = BuildInfo.load();
        try (Store store = root.openStore()) {
            List<RecentFile> recent = new RecentFiles(store).list();
            if (json) {
                var mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
                ObjectNode node = mapper.createObjectNode();
                node.put("version", build.version());
                node.put("home", home.root().toString());
                ObjectNode storeNode = node.putObject("store");
                storeNode.put("path", store.location());
                storeNode.put("schemaVersion", store.schemaVersion());
                storeNode.put("sizeBytes", store.sizeBytes());
                node.put("artifacts", home.artifacts().toString());
                node.put("logs", home.logs().toString());
                var files = node.putArray("recentFiles");
                for (RecentFile file : recent) {
                    ObjectNode entry = files.addObject();
                    entry.put("path", file.path().toString());
                    entry.put("format", file.format());
                    entry.put("sizeBytes", file.sizeBytes());
                    if (file.rows().isPresent()) {
                        entry.put("rows", file.rows().getAsLong());
                    } else {
                        entry.putNull("rows");
                    }
                    if (file.columns().isPresent()) {
                        entry.put("columns", file.columns().getAsInt());
                    } else {
                        entry.putNull("columns");
                    }
                    entry.put("openedAt", file.openedAt().toString());
                }
                out.println(mapper.writeValueAsString(node));
            } else {
                out.printf("pipewright %s%n", build.version());
                out.printf("home       %s%n", home.root());
                out.printf("store      %s (schema %s, %s)%n", store.location(), store.schemaVersion(), ByteSizes.human(store.sizeBytes()));
                out.printf("artifacts  %s%n", home.artifacts());
                out.printf("logs       %s%n", home.logs());
                out.printf("recent     %d file%s%n", recent.size(), recent.size() == 1 ? "" : "s");
                for (RecentFile file : recent) {
                    String shape = file.rows().isPresent() && file.columns().isPresent()
                            ? file.rows().getAsLong() + " rows × " + file.columns().getAsInt() + " columns"
                            : ByteSizes.human(file.sizeBytes());
                    out.printf("  %s  (%s, %s)%n", file.path(), file.format(), shape);
                }
            }
        }
        return Cli.OK;
    }
}
