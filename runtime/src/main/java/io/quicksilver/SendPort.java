package io.quicksilver;

import io.quicksilver.runtime.dispatch.SingleThreadedDispatcher;
import io.quicksilver.runtime.hierarchy.NodeModel;
import io.quicksilver.runtime.message.MessageView;
import io.quicksilver.runtime.message.MessageWriter;
import io.quicksilver.runtime.message.PayloadCodec;
import io.quicksilver.runtime.parallel.ParallelDispatcher;
import io.quicksilver.runtime.parallel.Producer;
import io.quicksilver.runtime.ring.Backpressure;
import io.quicksilver.runtime.ring.Sequence;


/**
 * How a {@link RelayNode} send reaches its runtime's dispatcher: {@link #begin} a message, write its payload with the
 * returned writer, then {@link #commit()}; {@link #abandon()} when writing the payload threw. One per single-threaded
 * runtime; one per thread in a parallel runtime, so a send takes no lock and allocates nothing.
 */
abstract sealed class SendPort permits SendPort.SingleThreaded, SendPort.Parallel
{
    /**
     * Start a message.
     *
     * @return the writer for its payload, or null when nothing is to be written: see {@link #notStartedResult()}.
     */
    abstract MessageWriter begin(NodeModel sender, int method, Metadata metadata);

    // Payload kinds of the one send template, send(...).
    static final int NONE = 0;
    static final int BOOL = 1;
    static final int INT = 2;
    static final int FLOAT = 3;
    static final int STRING = 4;
    static final int BYTES = 5;
    static final int VECTOR3 = 6;
    static final int VECTOR4 = 7;
    static final int QUATERNION = 8;
    static final int TRANSFORM = 9;
    static final int CUSTOM = 10;
    static final int FORWARD = 11;

    /**
     * Every {@link RelayNode} send: begin, write the payload of {@code kind} from the arguments that kind uses, commit;
     * whatever throws after the claim is settled by {@link #failed} (the claimed sequence is published as a skip) and
     * rethrown. The arguments travel as parameters, not fields, so a second thread misusing a single-threaded runtime
     * cannot change this send's payload before the dispatcher refuses it; nothing is allocated.
     *
     * @param n      {@code INT}: the value; {@code BOOL}: 1 or 0; {@code BYTES}: the length.
     * @param x      {@code FLOAT}, vectors and quaternions: the first component; the others likewise.
     * @param a      {@code STRING}: the CharSequence; {@code BYTES}, {@code TRANSFORM}: the array; {@code CUSTOM}: the
     *               codec; {@code FORWARD}: the received view.
     * @param b      {@code CUSTOM}: the value.
     * @param offset {@code BYTES}: the first byte.
     * @return as the public sends: true when sent (or not needed locally, counted), false when refused (counted).
     */
    @SuppressWarnings("unchecked")
    final boolean send(
        final NodeModel sender, final int method, final Metadata metadata, final int kind, final int n,
        final float x, final float y, final float z, final float w, final Object a, final Object b, final int offset)
    {
        try
        {
            final MessageWriter writer = begin(sender, method, metadata);
            if (writer == null)
            {
                return notStartedResult();
            }
            switch (kind)
            {
                case NONE -> writer.putNone();
                case BOOL -> writer.putBool(n != 0);
                case INT -> writer.putInt(n);
                case FLOAT -> writer.putFloat(x);
                case STRING -> writer.putString((CharSequence)a);
                case BYTES -> writer.putBytes((byte[])a, offset, n);
                case VECTOR3 -> writer.putVector3(x, y, z);
                case VECTOR4 -> writer.putVector4(x, y, z, w);
                case QUATERNION -> writer.putQuaternion(x, y, z, w);
                case TRANSFORM -> writer.putTransform((float[])a);
                case CUSTOM -> writer.putCustom((PayloadCodec<Object>)a, b);
                case FORWARD -> writer.copyPayloadFrom((MessageView)a);
                default -> throw new IllegalArgumentException("unknown payload kind: kind=" + kind);
            }
            commit();
            return true;
        }
        catch (final Throwable e)
        {
            failed(e);
            throw e;
        }
    }

    static IllegalStateException removed(final NodeModel sender, final int method)
    {
        return new IllegalStateException(
            "node '" + sender.name() + "' was removed from its runtime: cannot send " + Method.toString(method));
    }

    abstract void commit();

    abstract void abandon();

    /**
     * A send threw between {@link #begin} and the end of {@link #commit()}: settle what was started (a parallel
     * runtime publishes the claimed sequence as a skip, so no other producer's message waits behind it), attach a
     * failure of that to {@code failure}, and translate a segment's "already closed" into the runtime's own message
     * when the runtime was closed under the send. The caller rethrows {@code failure} when this returns.
     *
     * @param failure what the send threw.
     * @throws IllegalStateException when the runtime was closed during the send.
     */
    final void failed(final Throwable failure)
    {
        try
        {
            abandon();
        }
        catch (final Throwable t)
        {
            // Still pending: the next send, flush() or close() on this thread settles it.
            if (t != failure)
            {
                failure.addSuppressed(t);
            }
        }
        if (failure instanceof IllegalStateException && isClosed() && !isClosedMessage(failure.getMessage()))
        {
            throw new IllegalStateException("runtime is closed: cannot send (it was closed during this send)", failure);
        }
    }

    abstract boolean isClosed();

    private static boolean isClosedMessage(final String message)
    {
        return message != null && (message.startsWith("runtime is closed") || message.startsWith("dispatcher is closed"));
    }

    /**
     * @return what the send returns when {@link #begin} returned null: true when the message needed no local
     * delivery ({@link NetworkFilter#NETWORK}, counted), false when backpressure refused it (counted).
     */
    abstract boolean notStartedResult();

    /**
     * Mercury's synchronous dispatch: {@link #commit()} delivers before it returns.
     */
    static final class SingleThreaded extends SendPort
    {
        private final SingleThreadedDispatcher dispatcher;

        SingleThreaded(final SingleThreadedDispatcher dispatcher)
        {
            this.dispatcher = dispatcher;
        }

        @Override
        MessageWriter begin(final NodeModel sender, final int method, final Metadata metadata)
        {
            if (sender.isRemoved())
            {
                throw removed(sender, method);
            }
            return dispatcher.begin(sender.id(), method, metadata);
        }

        @Override
        void commit()
        {
            dispatcher.dispatch();
        }

        @Override
        void abandon()
        {
            // The header went into this depth's slot only; not dispatching it is abandoning it.
            dispatcher.abandon();
        }

        @Override
        boolean notStartedResult()
        {
            return true;
        }

        @Override
        boolean isClosed()
        {
            return dispatcher.isClosed();
        }
    }

    /**
     * One thread's way into a {@link ParallelDispatcher}: an external producer for any thread but the workers, the
     * worker's reaction producer on a worker thread (inside a handler).
     */
    static final class Parallel extends SendPort
    {
        private final Quicksilver runtime;
        private final Producer producer;
        private final Thread thread;
        private final boolean reaction;
        private final Backpressure backpressure;
        // Written by the owning thread only (a release store, no atomic add), summed by readers of the counters.
        // Refusals are not counted here: the dispatcher counts each where it happens (ring or staging buffer).
        private final Sequence sends = new Sequence(0);
        private boolean notLocal;

        Parallel(
            final Quicksilver runtime, final Producer producer, final boolean reaction, final Backpressure backpressure)
        {
            this.runtime = runtime;
            this.producer = producer;
            this.thread = Thread.currentThread();
            this.reaction = reaction;
            this.backpressure = backpressure;
        }

        long sends()
        {
            return sends.getOpaque();
        }

        @Override
        MessageWriter begin(final NodeModel sender, final int method, final Metadata metadata)
        {
            if (metadata == null)
            {
                throw new NullPointerException("metadata must not be null: use Metadata.DEFAULT");
            }
            if (producer.hasPending())
            {
                // An earlier send on this thread threw after its claim and could not settle it then.
                producer.abandon();
            }
            if (!reaction)
            {
                // Only the control thread reads the hierarchy's dirty flag: it is the thread that wrote it.
                runtime.applyChangesIfControl(thread);
            }
            final Backpressure chosen = metadata.backpressure();
            final long ticket = producer.begin(sender.id(), method, metadata, chosen != null ? chosen : backpressure);
            if (ticket >= 0)
            {
                // After the claim: a claim ordered after the removal's barrier sees the flag, and the caller's catch
                // publishes the sequence as a skip, so no message of a removed node is routed past that barrier
                // (where its id may name a newer node).
                if (sender.isRemoved())
                {
                    throw removed(sender, method);
                }
                return producer.writer();
            }
            notLocal = ticket == Producer.NOT_LOCAL;
            return null;
        }

        @Override
        void commit()
        {
            producer.commit();
            sends.setRelease(sends.getPlain() + 1);
        }

        @Override
        void abandon()
        {
            producer.abandon();
        }

        @Override
        boolean notStartedResult()
        {
            return notLocal;
        }

        @Override
        boolean isClosed()
        {
            return runtime.isClosed();
        }

        /**
         * Settle a send of this port's thread that threw and could not settle itself, from a thread that may: the
         * port's own thread, or any thread once the port's thread has ended (it will never touch the slot again).
         *
         * @return true when something was pending and is now settled.
         */
        synchronized boolean settleAbandoned()
        {
            // isAlive() first: seeing the thread ended is what makes its last writes to the producer visible here.
            if (Thread.currentThread() != thread && thread.isAlive() || !producer.hasPending())
            {
                return false;
            }
            producer.abandon();
            return true;
        }

        Thread thread()
        {
            return thread;
        }
    }
}
