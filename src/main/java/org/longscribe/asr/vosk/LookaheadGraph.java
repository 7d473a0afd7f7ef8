package org.longscribe.asr.vosk;

import com.sun.jna.Function;
import com.sun.jna.Memory;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.vosk.LibVosk;
import org.vosk.LogLevel;

/**
 * A lookahead model's decoding graph exactly as a Vosk recognizer decodes with it: libvosk's own
 * {@code fst::LookaheadComposeFst} over graph/HCLr.fst and graph/Gr.fst, with the disambiguation
 * symbols removed, walked state by state.
 *
 * <p>Why through libvosk: the composition is OpenFST's lookahead composition (label-reachability
 * intervals, pushed weights and labels), which libvosk 0.3.45 carries compiled in and exports, and
 * which nothing on Maven Central offers otherwise. The entry points are C++ symbols, called through
 * JNA with the Itanium ABI: {@code this} first, a {@code std::string} in libvosk's copy-on-write
 * layout (it is built with the old libstdc++ string ABI), weights returned as a float. They are
 * pinned to libvosk 0.3.45 as longscribe's pom pins it; {@code ModelsComposeTest} checks the result
 * against OpenFST's own fstcompose, byte for byte.
 *
 * <p>What it reads stays in native memory until the process ends (libvosk exports no destructor
 * for it): walk it in a process of its own, as {@code model.StaticGraph} does.
 */
public final class LookaheadGraph {
    private static final String READ = "_ZN3fst3FstINS_6ArcTplINS_17TropicalWeightTplIfEEEEE4ReadERKSs";
    private static final String COMPOSE = "_ZN3fst19LookaheadComposeFstINS_6ArcTplINS_17TropicalWeightTplIfEEEEiEEPNS_9ArcMapFstIT_S6_"
            + "NS_28RemoveSomeInputSymbolsMapperIS6_T0_EEEERKNS_3FstIS6_EESF_RKSt6vectorIS8_SaIS8_EE";
    private static final String MAP_FST = "_ZNK3fst9ImplToFstINS_8internal13ArcMapFstImplINS_6ArcTplINS_17TropicalWeightTplIfEEEES6_"
            + "NS_28RemoveSomeInputSymbolsMapperIS6_iEEEENS_3FstIS6_EEE";
    private static final String START = MAP_FST + "5StartEv";
    private static final String FINAL = MAP_FST + "5FinalEi";
    private static final String PROPERTIES = MAP_FST + "10PropertiesEmb";
    private static final String INIT_ARC_ITERATOR = "_ZNK3fst9ArcMapFstINS_6ArcTplINS_17TropicalWeightTplIfEEEES4_"
            + "NS_28RemoveSomeInputSymbolsMapperIS4_iEEE15InitArcIteratorEiPNS_15ArcIteratorDataIS4_EE";
    /** OpenFST's kBinaryProperties | kTrinaryProperties. */
    private static final long ALL_PROPERTIES = 0x3fffffff0007L;

    private final Function final_;
    private final Function initArcIterator;
    private final Pointer fst;
    /** fst::ArcIteratorData: {unique_ptr base; const Arc *arcs; size_t narcs; int *ref_count}. */
    private final Memory arcIteratorData = new Memory(32);
    private final List<Memory> keptAlive = new ArrayList<>();

    private LookaheadGraph(NativeLibrary vosk, Pointer fst) {
        this.fst = fst;
        this.final_ = vosk.getFunction(FINAL);
        this.initArcIterator = vosk.getFunction(INIT_ARC_ITERATOR);
    }

    /**
     * Reads {@code hclr} and {@code gr} as libvosk does and composes them lazily, {@code disambiguation}'s
     * transition ids becoming epsilons. Fails with an IllegalStateException naming the file it could not read.
     */
    public static LookaheadGraph open(Path hclr, Path gr, int[] disambiguation) {
        if (!Platform.isLinux()) {
            // The string layout and symbol names below are those of libvosk's Linux build (libstdc++).
            throw new IllegalStateException("composing a graph needs Vosk's Linux library (this is " + System.getProperty("os.name") + ")");
        }
        LibVosk.setLogLevel(LogLevel.WARNINGS);
        VoskNative.load();
        NativeLibrary vosk = VoskNative.library();
        Function read = vosk.getFunction(READ);
        List<Memory> kept = new ArrayList<>();
        Pointer left = (Pointer) read.invoke(Pointer.class, new Object[] {cowString(hclr.toString(), kept)});
        if (left == null) {
            throw new IllegalStateException(hclr + ": OpenFST could not read it");
        }
        Pointer right = (Pointer) read.invoke(Pointer.class, new Object[] {cowString(gr.toString(), kept)});
        if (right == null) {
            throw new IllegalStateException(gr + ": OpenFST could not read it");
        }
        // std::vector<int>: {begin, end, end of storage}
        Memory ids = new Memory(4L * Math.max(1, disambiguation.length));
        ids.write(0, disambiguation, 0, disambiguation.length);
        Memory vector = new Memory(24);
        vector.setPointer(0, ids);
        vector.setPointer(8, ids.share(4L * disambiguation.length));
        vector.setPointer(16, ids.share(4L * disambiguation.length));
        kept.add(ids);
        kept.add(vector);
        Pointer composed = (Pointer) vosk.getFunction(COMPOSE).invoke(Pointer.class, new Object[] {left, right, vector});
        if (composed == null) {
            throw new IllegalStateException(hclr + ": libvosk could not compose it with " + gr.getFileName());
        }
        LookaheadGraph graph = new LookaheadGraph(vosk, composed);
        graph.keptAlive.addAll(kept);
        return graph;
    }

    /**
     * A {@code const std::string&} in the pre-C++11 libstdc++ layout: a pointer to the characters,
     * preceded by {length, capacity, reference count}. The count -1 marks it unshareable, so that
     * libvosk copies it rather than counting references to (and one day freeing) Java's memory.
     */
    private static Memory cowString(String value, List<Memory> kept) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        Memory rep = new Memory(24L + bytes.length + 1);
        rep.setLong(0, bytes.length);
        rep.setLong(8, bytes.length);
        rep.setInt(16, -1);
        rep.setInt(20, 0);
        rep.write(24, bytes, 0, bytes.length);
        rep.setByte(24L + bytes.length, (byte) 0);
        Memory string = new Memory(8);
        string.setPointer(0, rep.share(24));
        kept.add(rep);
        kept.add(string);
        return string;
    }

    public int start() {
        return VoskNative.library().getFunction(START).invokeInt(new Object[] {fst});
    }

    /** The properties OpenFST knows the composition to have without looking (kExpanded and the like are not among them). */
    public long knownProperties() {
        return VoskNative.library().getFunction(PROPERTIES).invokeLong(new Object[] {fst, ALL_PROPERTIES, false});
    }

    /** {@code state}'s final weight (+Infinity: not final). */
    public float finalWeight(int state) {
        return final_.invokeFloat(new Object[] {fst, state});
    }

    /**
     * {@code state}'s arcs, four ints each: input label, output label, the weight's float bits, next
     * state. Expanding a state numbers the states it reaches that were not seen before, in order, so
     * walking 0, 1, 2, ... as far as the highest next state seen visits every state once.
     */
    public int[] arcs(int state) {
        arcIteratorData.clear();
        initArcIterator.invoke(new Object[] {fst, state, arcIteratorData});
        if (arcIteratorData.getPointer(0) != null) {
            throw new IllegalStateException("libvosk answered with an arc iterator of its own; expected the cached arcs");
        }
        Pointer arcs = arcIteratorData.getPointer(8);
        long count = arcIteratorData.getLong(16);
        Pointer refCount = arcIteratorData.getPointer(24);
        int[] packed = new int[Math.toIntExact(count * 4)];
        if (count > 0) {
            arcs.read(0, packed, 0, packed.length);
        }
        // What ~ArcIterator would do: the state may now leave the cache (libvosk collects it past 64 MB).
        if (refCount != null) {
            refCount.setInt(0, refCount.getInt(0) - 1);
        }
        return packed;
    }
}
