package org.longscribe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.longscribe.BuildInfo;
import org.longscribe.TestAudio;
import org.longscribe.asr.vosk.VoskSpeakerModel;
import org.longscribe.error.ExitCode;
import org.longscribe.model.ModelLocator;

/** --speakers and --speaker-model as a user meets them: parsing, the missing model, batch reruns. */
class SpeakerOptionsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private static String speechModel() {
        return Path.of(System.getProperty("longscribe.models.dir", "models"), BuildInfo.defaultModelName()).toString();
    }

    @Test
    void withoutTheSpeakerModelOneLineSaysHowToGetIt() throws Exception {
        String before = System.getProperty("longscribe.models.dir");
        Path empty = Files.createDirectories(dir.resolve("models"));
        Path out = dir.resolve("weather.json");
        System.setProperty("longscribe.models.dir", empty.toString());
        TranscribeCommandTest.Result r;
        try {
            r = TranscribeCommandTest.run("transcribe", TestAudio.testData("weather.wav").toString(), "-o", out.toString(),
                    "--model", speechModel(), "--speakers");
        } finally {
            System.setProperty("longscribe.models.dir", before == null ? "models" : before);
        }
        TranscribeCommandTest.assertOneLineError(r, ExitCode.USAGE, "--speakers needs the speaker model vosk-model-spk-0.4",
                "longscribe models get vosk-model-spk-0.4", "--speaker-model DIR");
        assertFalse(Files.exists(out), "nothing written");
    }

    @Test
    void aDirectoryThatIsNotASpeakerModelIsNamed() {
        TranscribeCommandTest.Result r = TranscribeCommandTest.run("transcribe", TestAudio.testData("weather.wav").toString(),
                "--speaker-model", dir.toString());
        TranscribeCommandTest.assertOneLineError(r, ExitCode.USAGE, dir.toString(), "not a Vosk speaker model: missing final.ext.raw");
    }

    @Test
    void aBadCountIsAUsageError() {
        for (String bad : new String[] {"0", "21", "-3", "many"}) {
            TranscribeCommandTest.Result r = TranscribeCommandTest.run("transcribe", TestAudio.testData("weather.wav").toString(),
                    "--speakers=" + bad);
            assertEquals(ExitCode.USAGE, r.code(), bad + ": " + r.err());
            assertTrue(r.err().contains("--speakers takes 'auto' or a number of speakers from 1 to 20, not '" + bad + "'"), r.err());
        }
    }

    @Test
    void speakersBeforeTheInputLeavesTheInputAlone() throws Exception {
        assumeTrue(VoskSpeakerModel.missingParts(speakerModel()).isEmpty(), "no speaker model");
        Path out = dir.resolve("weather.txt");
        TranscribeCommandTest.Result r = TranscribeCommandTest.run("transcribe", "--speakers",
                TestAudio.testData("weather.wav").toString(), "-o", out.toString(), "-q");
        assertEquals(0, r.code(), r.err());
        assertTrue(Files.readString(out).startsWith("S1: the weather"), Files.readString(out));
    }

    @Test
    void batchTranscribesAgainWhenTheSpeakerSettingsChange() throws Exception {
        assumeTrue(VoskSpeakerModel.missingParts(speakerModel()).isEmpty(), "no speaker model");
        Path in = Files.createDirectories(dir.resolve("in"));
        Files.copy(TestAudio.testData("weather.wav"), in.resolve("weather.wav"));
        Path out = dir.resolve("out");
        Path json = out.resolve("weather.json");

        TranscribeCommandTest.Result plain = TranscribeCommandTest.run("batch", in.toString(), "-d", out.toString(), "-q");
        assertEquals(0, plain.code(), plain.err());
        JsonNode before = JSON.readTree(json.toFile());
        assertFalse(before.has("speakers"), "without --speakers the transcript is as before");
        assertFalse(before.get("segments").get(0).has("speaker"));
        assertTrue(TranscribeCommandTest.validate(before).isEmpty());

        TranscribeCommandTest.Result labelled = TranscribeCommandTest.run("batch", in.toString(), "-d", out.toString(),
                "--speakers", "--format", "json,txt");
        assertEquals(0, labelled.code(), labelled.err());
        assertTrue(labelled.err().contains("1 transcribed"), "made again with labels: " + labelled.err());
        JsonNode after = JSON.readTree(json.toFile());
        assertEquals("S1", after.get("segments").get(0).get("speaker").asText());
        assertEquals(1, after.get("speakers").size());
        assertTrue(after.get("speaker_model").get("speakers_asked").isNull());
        assertTrue(TranscribeCommandTest.validate(after).isEmpty(), TranscribeCommandTest.validate(after).toString());
        assertTrue(Files.readString(out.resolve("weather.txt")).startsWith("S1: "));

        TranscribeCommandTest.Result again = TranscribeCommandTest.run("batch", in.toString(), "-d", out.toString(),
                "--speakers", "--format", "json,txt");
        assertTrue(again.err().contains("0 transcribed"), "up to date: " + again.err());
        TranscribeCommandTest.Result two = TranscribeCommandTest.run("batch", in.toString(), "-d", out.toString(),
                "--speakers", "2", "--format", "json,txt");
        assertTrue(two.err().contains("1 transcribed"), "another count: made again: " + two.err());
        assertEquals(2, JSON.readTree(json.toFile()).get("speaker_model").get("speakers_asked").asInt());
    }

    private static Path speakerModel() {
        return Path.of(System.getProperty("longscribe.models.dir", "models"), ModelLocator.DEFAULT_SPEAKER_MODEL);
    }
}
