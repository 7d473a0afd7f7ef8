package org.longscribe.speaker;

import java.util.List;
import org.longscribe.asr.SpeakerVector;

/** Decides who spoke each utterance of a recording, from the utterances' speaker vectors. */
public interface SpeakerClustering {
    /**
     * One label per utterance, in the order given: 0 for the first speaker heard, 1 for the next new
     * one, and so on. An utterance without a vector (null: too little speech) gets a neighbour's.
     *
     * @param voices   the vectors, in recording order; nulls allowed
     * @param speakers how many speakers there are, or 0 to find out
     */
    int[] label(List<SpeakerVector> voices, int speakers);

    /** A short description of the method and its parameters, for the journal and the JSON. */
    String settings();
}
