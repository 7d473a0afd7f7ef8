package org.longscribe.model;

import java.nio.file.Path;
import org.longscribe.asr.vosk.LookaheadGraph;

/**
 * The composition itself, in a JVM of its own that {@link StaticGraph} starts:
 * {@code HCLR_FST GR_FST DISAMBIGUATION_IDS... -- OUT_FST}. Its own process because what libvosk
 * builds on the way (the composition's state table, 0.3 GB for the small English model) is freed
 * only at exit, and because an error inside native code ends a process rather than throwing.
 * Prints "STATES ARCS" on success; one line on stderr and exit 1 otherwise.
 */
public final class ComposeChild {
    private ComposeChild() {
    }

    /** The exit code that says the model's graph, not the output, is at fault. */
    static final int BAD_MODEL = 65;
    /** A line of progress every this many states (the small English model has a few million). */
    static final int PROGRESS_STATES = 1 << 16;

    public static void main(String[] args) {
        outliveNoParent();
        int exit = 1;
        try {
            if (args.length < 4 || !args[args.length - 2].equals("--")) {
                throw new IllegalArgumentException("usage: ComposeChild HCLR_FST GR_FST DISAMBIGUATION_IDS... -- OUT_FST");
            }
            int[] disambiguation = new int[args.length - 4];
            for (int i = 0; i < disambiguation.length; i++) {
                disambiguation[i] = Integer.parseInt(args[2 + i]);
            }
            LookaheadGraph graph;
            try {
                graph = LookaheadGraph.open(Path.of(args[0]), Path.of(args[1]), disambiguation);
            } catch (Exception | Error e) { // an IOException here is the model's, not the output's: exit 65 below
                throw new IllegalStateException(e.getMessage() == null ? e.toString() : e.getMessage(), e);
            }
            System.out.println("composing");
            try (ConstFstWriter out = new ConstFstWriter(Path.of(args[args.length - 1]))) {
                int start = graph.start();
                if (start != 0) {
                    throw new IllegalStateException("the composition starts at state " + start + ", not 0");
                }
                // States are numbered as they are first reached: expanding them in order reaches them all.
                long known = 1;
                for (int s = 0; s < known; s++) {
                    int[] arcs = graph.arcs(s);
                    for (int i = 3; i < arcs.length; i += 4) {
                        known = Math.max(known, arcs[i] + 1L);
                    }
                    out.addState(graph.finalWeight(s), arcs);
                    if ((s + 1) % PROGRESS_STATES == 0) {
                        System.out.println(s + 1); // the parent's watchdog sees the log grow
                    }
                }
                out.finish(start, graph.knownProperties());
                System.out.println(out.states() + " " + out.arcs());
            }
            exit = 0;
        } catch (java.io.IOException e) {
            System.err.println(e.getMessage() == null ? e.toString() : e.getMessage()); // writing the output: exit 1
        } catch (Exception | Error e) {
            exit = BAD_MODEL; // reading or walking the model's graph
            System.err.println(e.getMessage() == null ? e.toString() : e.getMessage());
        }
        System.out.flush();
        System.exit(exit);
    }

    /**
     * Ends this process once the one that started it is gone: a {@code models compose} (or a launcher)
     * killed with SIGKILL gets no cleanup, and its child would go on for half a minute and half a
     * gigabyte, writing into a folder the next run removes as a dead process's.
     */
    private static void outliveNoParent() {
        ProcessHandle parent = ProcessHandle.current().parent().orElse(null);
        if (parent == null) {
            return;
        }
        Thread watch = new Thread(() -> {
            while (parent.isAlive()) {
                try {
                    Thread.sleep(500);
                } catch (InterruptedException e) {
                    return;
                }
            }
            System.err.println("the process that started the composition is gone");
            Runtime.getRuntime().halt(1);
        }, "parent-watch");
        watch.setDaemon(true);
        watch.start();
    }
}
