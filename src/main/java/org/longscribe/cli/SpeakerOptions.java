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
    /** More than this many voices in one recording is not a use we tune for; a typo is likelier. */
    static final int MAX_SPEAKERS = 20;

    @CommandLine.Spec(CommandLine.Spec.Target.MIXEE)
    CommandLine.Model.CommandSpec mixee;

    /** 0: find out; -1: no labels. */
    private int count = -1;

    @Option(names = "--speakers", arity = "0..1", paramLabel = "N", fallbackValue = "auto",
            description = "Label who says each segment (S1, S2, ... in order of first appearance). Alone or 'auto':"
                    + " the number of speakers is found; N: there are N. Needs the speaker model (README, 'Who said what').")
    void speakers(String value) {
        if (value.equalsIgnoreCase("auto")) {
            count = 0;
            return;
        }
        try {
            int n = Integer.parseInt(value);
            if (n >= 1 && n <= MAX_SPEAKERS) {
                count = n;
                return;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new CommandLine.ParameterException(mixee.commandLine(),
                "--speakers takes 'auto' or a number of speakers from 1 to " + MAX_SPEAKERS + ", not '" + value + "'");
    }

    @Option(names = "--speaker-model", paramLabel = "NAME|DIR",
            description = "The Vosk speaker model (implies --speakers). Default: $LONGSCRIBE_SPEAKER_MODEL, else "
                    + ModelLocator.DEFAULT_SPEAKER_MODEL + " in MODELS_DIR.")
    String model;

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
