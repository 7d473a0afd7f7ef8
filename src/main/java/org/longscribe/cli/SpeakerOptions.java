package org.longscribe.cli;

import java.nio.file.Path;
import org.longscribe.error.ModelException;
import org.longscribe.job.Pipeline;
import org.longscribe.model.ModelLocator;
import org.longscribe.model.ReproducibleConf;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** --speakers and --speaker-model, the same in transcribe, batch and compare. */
final class SpeakerOptions {
    @CommandLine.Spec(CommandLine.Spec.Target.MIXEE)
    CommandLine.Model.CommandSpec mixee;

    /** 0: find out; -1: no labels. */
    private int count = -1;

    @Option(names = "--speakers", arity = "0..1", paramLabel = "N", fallbackValue = "auto",
            preprocessor = OptionalCount.class,
            description = "Label who says each segment (S1, S2, ... in order of first appearance). Alone or 'auto':"
                    + " the number of speakers is found; N: there are N. Needs the speaker model (docs/guide.md, 'Who said what').")
    void speakers(String value) {
        try {
            count = Pipeline.Speakers.parseCount(value);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(mixee.commandLine(), e.getMessage());
        }
    }

    /**
     * Takes the word after --speakers as its value only when it is one ('auto' or a number): in
     * {@code transcribe --speakers talk.mp3} the recording stays the recording.
     */
    static final class OptionalCount implements CommandLine.IParameterPreprocessor {
        @Override
        public boolean preprocess(java.util.Stack<String> args, CommandLine.Model.CommandSpec spec,
                                  CommandLine.Model.ArgSpec option, java.util.Map<String, Object> info) {
            boolean attached = !" ".equals(info.get("separator")); // --speakers=3
            if (!attached && (args.isEmpty() || !args.peek().matches("(?i)auto|[0-9]+"))) {
                args.push("auto");
            }
            return false; // picocli goes on and reads the value
        }
    }

    @Option(names = "--speaker-model", paramLabel = "NAME|DIR",
            description = "The Vosk speaker model (implies --speakers). Default: $LONGSCRIBE_SPEAKER_MODEL, else "
                    + ModelLocator.DEFAULT_SPEAKER_MODEL + " in MODELS_DIR.")
    String model;

    /** -1 without --speakers, 0 for 'find out', else the number of speakers. */
    int asked() {
        return enabled() ? Math.max(count, 0) : -1;
    }

    boolean enabled() {
        return count >= 0 || model != null;
    }

    /**
     * The pipeline's speaker settings, or null without --speakers; fails when there is no speaker
     * model. Warns on {@code err} (unless null) when the model dithers.
     */
    Pipeline.Speakers resolve(java.io.PrintWriter err) throws ModelException {
        if (!enabled()) {
            return null;
        }
        Path dir = ModelLocator.resolveSpeakerModel(model);
        if (err != null && ReproducibleConf.dithers(dir)) {
            err.println("longscribe: warning: " + dir + "/mfcc.conf dithers the speaker features: labels may differ"
                    + " from run to run (add the line --dither=0.0 to it)");
        }
        return new Pipeline.Speakers(dir, Math.max(count, 0));
    }
}
