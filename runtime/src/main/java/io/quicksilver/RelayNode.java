package io.quicksilver;

import io.quicksilver.runtime.hierarchy.Hierarchy;
import io.quicksilver.runtime.hierarchy.NodeModel;
import io.quicksilver.runtime.hierarchy.ResponderModel;
import io.quicksilver.runtime.hierarchy.TableItem;
import io.quicksilver.runtime.message.MessageView;
import io.quicksilver.runtime.message.PayloadCodec;
import io.quicksilver.runtime.message.PayloadType;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A node of the hierarchy: Mercury's {@code MmRelayNode}.
 * <p>
 * A node keeps an ordered routing table of items: its own responders ({@link Level#SELF}), its children
 * ({@link Level#CHILD}) and its parents ({@link Level#PARENT}), in the order they were added. Links are explicit:
 * {@link #addChild(RelayNode)} registers the child as a child item and the child registers this node as a parent
 * item. A node may have several parents (a DAG); a link that would close a cycle is refused with both names.
 * <p>
 * Sending ({@link #sendInt(int, int, Metadata)} and its siblings, one per payload type) writes the message once into
 * the runtime's off-heap slot and delivers it at once, depth first, in routing-table order; a send made by a
 * responder while it handles a message is delivered, nested, before that responder's call returns. A send of a
 * primitive or vector payload allocates nothing.
 * <p>
 * Every change (links, responders, tags, active flags) may be made at any time, including from a handler; during a
 * dispatch it takes effect at the safe point, when the outermost send returns.
 */
public sealed class RelayNode permits SwitchNode
{
    final Quicksilver runtime;
    // The handles of this node's responders, held here because the engine's models hold them weakly.
    final ArrayList<ResponderHandle> handles = new ArrayList<>(2);
    final NodeModel model;
    final Hierarchy hierarchy;

    RelayNode(final Quicksilver runtime, final NodeModel model)
    {
        this.runtime = runtime;
        this.model = model;
        this.hierarchy = runtime.hierarchy();
        model.handle(this);
    }

    /**
     * Every change goes through here: in parallel mode it is refused inside a handler and makes the calling thread
     * the control thread.
     */
    final Hierarchy change()
    {
        runtime.beforeChange();
        return hierarchy;
    }

    /**
     * @return the node's name.
     */
    public final String name()
    {
        return model.name();
    }

    /**
     * @return the node's id in its runtime, dense from 0; the message header's sender field carries it. The id of a
     * {@linkplain Quicksilver#removeNode(RelayNode) removed} node is given to a later node once no message can still
     * name the removed one, so ids stay dense under churn.
     */
    public final int id()
    {
        return model.id();
    }

    /**
     * @return true once {@link Quicksilver#removeNode(RelayNode)} removed this node.
     */
    public final boolean isRemoved()
    {
        return model.isRemoved();
    }

    /**
     * @return the runtime the node belongs to.
     */
    public final Quicksilver runtime()
    {
        return runtime;
    }

    // ------------------------------------------------------------------------------------------------ links

    /**
     * Link a child: Mercury's {@code MmAddToRoutingTable(child, Child)} plus the child's {@code AddParent(this)}.
     *
     * @param child node of the same runtime.
     * @return this node, to chain.
     * @throws IllegalArgumentException if the child is already linked here, belongs to another runtime, or the
     *                                  link would close a cycle (the message names both nodes and the path).
     */
    public final RelayNode addChild(final RelayNode child)
    {
        Objects.requireNonNull(child, "child");
        runtime.change(() -> hierarchy.link(model, child.model));
        return this;
    }

    /**
     * Link several children, in order.
     *
     * @param children nodes of the same runtime.
     * @return this node, to chain.
     */
    public final RelayNode addChildren(final RelayNode... children)
    {
        for (final RelayNode child : children)
        {
            addChild(child);
        }
        return this;
    }

    /**
     * Unlink a child (both items go). Removing a switch node's current state leaves it without one.
     *
     * @param child the child.
     * @return true if it was a child.
     */
    public final boolean removeChild(final RelayNode child)
    {
        synchronized (runtime.changes())
        {
            return change().unlink(model, child.model);
        }
    }

    /**
     * @return the children, in routing-table order (a copy).
     */
    public final List<RelayNode> children()
    {
        return handles(model.children());
    }

    /**
     * @return the parents, in the order they were linked (a copy).
     */
    public final List<RelayNode> parents()
    {
        return handles(model.parents());
    }

    /**
     * The routing table as the application last shaped it (routing sees changes at the safe point).
     *
     * @return its items, in order (a copy).
     */
    public final List<RoutingTableItem> routingTable()
    {
        final List<TableItem> table = model.table();
        final ArrayList<RoutingTableItem> items = new ArrayList<>(table.size());
        for (final TableItem item : table)
        {
            items.add(new RoutingTableItem(
                item.name(),
                item.level(),
                item.node() != null ? (RelayNode)item.node().handle() : null,
                item.responder() != null ? (ResponderHandle)item.responder().handle() : null));
        }
        return items;
    }

    private static List<RelayNode> handles(final List<NodeModel> models)
    {
        final ArrayList<RelayNode> nodes = new ArrayList<>(models.size());
        for (final NodeModel m : models)
        {
            nodes.add((RelayNode)m.handle());
        }
        return nodes;
    }

    // ------------------------------------------------------------------------------------------------ responders

    /**
     * Register a responder with Mercury's defaults ({@link ResponderOptions#DEFAULT}).
     *
     * @param responder the handler.
     * @return its handle.
     */
    public final ResponderHandle addResponder(final Responder responder)
    {
        return addResponder(ResponderOptions.DEFAULT, responder);
    }

    /**
     * Register a named responder with Mercury's defaults.
     *
     * @param name      name in the routing table.
     * @param responder the handler.
     * @return its handle.
     */
    public final ResponderHandle addResponder(final String name, final Responder responder)
    {
        return addResponder(ResponderOptions.named(name), responder);
    }

    /**
     * Register a responder: a {@link Level#SELF} item appended to the routing table.
     *
     * @param options   its tags, tag check, receive-handled opt-in, active flag and name.
     * @param responder the handler.
     * @return its handle.
     */
    public final ResponderHandle addResponder(final ResponderOptions options, final Responder responder)
    {
        Objects.requireNonNull(options, "options");
        final ResponderModel m;
        synchronized (runtime.changes())
        {
            m = change().addResponder(
                model, options.name(), responder, options.tags(), options.checksTags(), options.receiveHandled(),
                options.active());
        }
        final ResponderHandle handle = new ResponderHandle(this, m);
        m.handle(handle);
        synchronized (handles)
        {
            handles.add(handle);
        }
        return handle;
    }

    /**
     * @return this node's registered responders, in routing-table order (a copy).
     */
    public final List<ResponderHandle> responders()
    {
        final ArrayList<ResponderHandle> responders = new ArrayList<>();
        for (final TableItem item : model.table())
        {
            if (item.responder() != null)
            {
                responders.add((ResponderHandle)item.responder().handle());
            }
        }
        return responders;
    }

    // ------------------------------------------------------------------------------------------------ properties

    /**
     * @return the node's tag mask (default {@link Tag#EVERYTHING}).
     */
    public final long tags()
    {
        return model.tags();
    }

    /**
     * Tag the node: a tag-checking node gates its whole subtree, so a message routed to it from a parent enters only
     * if its tags pass.
     *
     * @param tags the mask.
     * @return this node.
     */
    public final RelayNode setTags(final long tags)
    {
        runtime.change(() -> hierarchy.setTags(model, tags));
        return this;
    }

    /**
     * @return whether the node's tag gates its subtree (default true, as in Mercury).
     */
    public final boolean checksTags()
    {
        return model.checksTags();
    }

    /**
     * @param checksTags whether the node's tag gates its subtree.
     * @return this node.
     */
    public final RelayNode setChecksTags(final boolean checksTags)
    {
        runtime.change(() -> hierarchy.setChecksTags(model, checksTags));
        return this;
    }

    /**
     * @return the node's own active flag.
     */
    public final boolean isActive()
    {
        return model.isActive();
    }

    /**
     * @return whether the node and every ancestor are active (Unity's {@code activeInHierarchy}).
     */
    public final boolean isActiveInHierarchy()
    {
        return model.isActiveInHierarchy();
    }

    /**
     * Mercury's {@code SetActive}: an inactive node's responders, and every node below it, are skipped by messages
     * with {@link ActiveFilter#ACTIVE}.
     *
     * @param active the node's own flag.
     * @return this node.
     */
    public final RelayNode setActive(final boolean active)
    {
        runtime.change(() -> hierarchy.setActive(model, active));
        return this;
    }

    // ------------------------------------------------------------------------------------------------ sending

    /**
     * Send a message with no payload ({@link PayloadType#NONE}), with {@link Metadata#DEFAULT} (self and children).
     *
     * @param method method id, see {@link Method}.
     * @return true when the message was sent (or needed no local delivery, counted); false when a parallel
     * runtime had no room for it under {@code FAIL} or {@code DROP} backpressure (counted).
     */
    public final boolean send(final int method)
    {
        return send(method, Metadata.DEFAULT);
    }

    /**
     * Send a message with no payload ({@link PayloadType#NONE}): single-threaded, delivered depth first before this returns; parallel, published for the workers.
     *
     * @param method   method id, see {@link Method}.
     * @param metadata routing metadata.
     * @return true when the message was sent (or needed no local delivery, counted); false when a parallel
     * runtime had no room for it under {@code FAIL} or {@code DROP} backpressure (counted).
     */
    public final boolean send(final int method, final Metadata metadata)
    {
        return runtime.port().send(model, method, metadata, SendPort.NONE, 0, 0, 0, 0, 0, null, null, 0);
    }

    /**
     * Send a message with a {@code boolean} payload ({@link PayloadType#BOOL}), with {@link Metadata#DEFAULT} (self and children).
     *
     * @param method method id, see {@link Method}.
     * @param value the payload.
     * @return true when the message was sent (or needed no local delivery, counted); false when a parallel
     * runtime had no room for it under {@code FAIL} or {@code DROP} backpressure (counted).
     */
    public final boolean sendBool(final int method, final boolean value)
    {
        return sendBool(method, value, Metadata.DEFAULT);
    }

    /**
     * Send a message with a {@code boolean} payload ({@link PayloadType#BOOL}): single-threaded, delivered depth first before this returns; parallel, published for the workers.
     *
     * @param method   method id, see {@link Method}.
     * @param value the payload.
     * @param metadata routing metadata.
     * @return true when the message was sent (or needed no local delivery, counted); false when a parallel
     * runtime had no room for it under {@code FAIL} or {@code DROP} backpressure (counted).
     */
    public final boolean sendBool(final int method, final boolean value, final Metadata metadata)
    {
        return runtime.port().send(model, method, metadata, SendPort.BOOL, value ? 1 : 0, 0, 0, 0, 0, null, null, 0);
    }

    /**
     * Send a message with an {@code int} payload ({@link PayloadType#INT}), with {@link Metadata#DEFAULT} (self and children).
     *
     * @param method method id, see {@link Method}.
     * @param value the payload.
     * @return true when the message was sent (or needed no local delivery, counted); false when a parallel
     * runtime had no room for it under {@code FAIL} or {@code DROP} backpressure (counted).
     */
    public final boolean sendInt(final int method, final int value)
    {
        return sendInt(method, value, Metadata.DEFAULT);
    }

    /**
     * Send a message with an {@code int} payload ({@link PayloadType#INT}): single-threaded, delivered depth first before this returns; parallel, published for the workers.
     *
     * @param method   method id, see {@link Method}.
     * @param value the payload.
     * @param metadata routing metadata.
     * @return true when the message was sent (or needed no local delivery, counted); false when a parallel
     * runtime had no room for it under {@code FAIL} or {@code DROP} backpressure (counted).
     */
    public final boolean sendInt(final int method, final int value, final Metadata metadata)
    {
        return runtime.port().send(model, method, metadata, SendPort.INT, value, 0, 0, 0, 0, null, null, 0);
    }

    /**
     * Send a message with a {@code float} payload ({@link PayloadType#FLOAT}), with {@link Metadata#DEFAULT} (self and children).
     *
     * @param method method id, see {@link Method}.
     * @param value the payload.
     * @return true when the message was sent (or needed no local delivery, counted); false when a parallel
     * runtime had no room for it under {@code FAIL} or {@code DROP} backpressure (counted).
     */
    public final boolean sendFloat(final int method, final float value)
    {
        return sendFloat(method, value, Metadata.DEFAULT);
    }

    /**
     * Send a message with a {@code float} payload ({@link PayloadType#FLOAT}): single-threaded, delivered depth first before this returns; parallel, published for the workers.
     *
     * @param method   method id, see {@link Method}.
     * @param value the payload.
     * @param metadata routing metadata.
     * @return true when the message was sent (or needed no local delivery, counted); false when a parallel
     * runtime had no room for it under {@code FAIL} or {@code DROP} backpressure (counted).
     */
    public final boolean sendFloat(final int method, final float value, final Metadata metadata)
    {
        return runtime.port().send(model, method, metadata, SendPort.FLOAT, 0, value, 0, 0, 0, null, null, 0);
    }

    /**
     * Send a message with a string payload, UTF-8 encoded into the slot ({@link PayloadType#STRING}), with {@link Metadata#DEFAULT} (self and children).
     *
     * @param method method id, see {@link Method}.
     * @param value the payload.
     * @return true when the message was sent (or needed no local delivery, counted); false when a parallel
     * runtime had no room for it under {@code FAIL} or {@code DROP} backpressure (counted).
     */
    public final boolean sendString(final int method, final CharSequence value)
    {
        return sendString(method, value, Metadata.DEFAULT);
    }

    /**
     * Send a message with a string payload, UTF-8 encoded into the slot ({@link PayloadType#STRING}): single-threaded, delivered depth first before this returns; parallel, published for the workers.
     *
     * @param method   method id, see {@link Method}.
     * @param value the payload.
     * @param metadata routing metadata.
     * @return true when the message was sent (or needed no local delivery, counted); false when a parallel
     * runtime had no room for it under {@code FAIL} or {@code DROP} backpressure (counted).
     */
    public final boolean sendString(final int method, final CharSequence value, final Metadata metadata)
    {
        return runtime.port().send(model, method, metadata, SendPort.STRING, 0, 0, 0, 0, 0, value, null, 0);
    }

    /**
     * Send a message with a byte-array payload, copied into the slot ({@link PayloadType#BYTE_ARRAY}), with {@link Metadata#DEFAULT} (self and children).
     *
     * @param method method id, see {@link Method}.
     * @param value  array holding the payload.
     * @param offset of the first byte.
     * @param length number of bytes.
     * @return true when the message was sent (or needed no local delivery, counted); false when a parallel
     * runtime had no room for it under {@code FAIL} or {@code DROP} backpressure (counted).
     */
    public final boolean sendBytes(final int method, final byte[] value, final int offset, final int length)
    {
        return sendBytes(method, value, offset, length, Metadata.DEFAULT);
    }

    /**
     * Send a message with a byte-array payload, copied into the slot ({@link PayloadType#BYTE_ARRAY}): single-threaded, delivered depth first before this returns; parallel, published for the workers.
     *
     * @param method   method id, see {@link Method}.
     * @param value  array holding the payload.
     * @param offset of the first byte.
     * @param length number of bytes.
     * @param metadata routing metadata.
     * @return true when the message was sent (or needed no local delivery, counted); false when a parallel
     * runtime had no room for it under {@code FAIL} or {@code DROP} backpressure (counted).
     */
    public final boolean sendBytes(final int method, final byte[] value, final int offset, final int length, final Metadata metadata)
    {
        // Checked before the claim: a bad range throws without a sequence to settle.
        Objects.checkFromIndexSize(offset, length, value.length);
        return runtime.port().send(model, method, metadata, SendPort.BYTES, length, 0, 0, 0, 0, value, null, offset);
    }

    /**
     * Send a message with a vector payload ({@link PayloadType#VECTOR3}), with {@link Metadata#DEFAULT} (self and children).
     *
     * @param method method id, see {@link Method}.
     * @param x first component.
     * @param y second component.
     * @param z third component.
     * @return true when the message was sent (or needed no local delivery, counted); false when a parallel
     * runtime had no room for it under {@code FAIL} or {@code DROP} backpressure (counted).
     */
    public final boolean sendVector3(final int method, final float x, final float y, final float z)
    {
        return sendVector3(method, x, y, z, Metadata.DEFAULT);
    }

    /**
     * Send a message with a vector payload ({@link PayloadType#VECTOR3}): single-threaded, delivered depth first before this returns; parallel, published for the workers.
     *
     * @param method   method id, see {@link Method}.
     * @param x first component.
     * @param y second component.
     * @param z third component.
     * @param metadata routing metadata.
     * @return true when the message was sent (or needed no local delivery, counted); false when a parallel
     * runtime had no room for it under {@code FAIL} or {@code DROP} backpressure (counted).
     */
    public final boolean sendVector3(final int method, final float x, final float y, final float z, final Metadata metadata)
    {
        return runtime.port().send(model, method, metadata, SendPort.VECTOR3, 0, x, y, z, 0, null, null, 0);
    }

    /**
     * Send a message with a 4-vector payload ({@link PayloadType#VECTOR4}), with {@link Metadata#DEFAULT} (self and children).
     *
     * @param method method id, see {@link Method}.
     * @param x  first component.
     * @param y  second component.
     * @param z  third component.
     * @param w4 fourth component.
     * @return true when the message was sent (or needed no local delivery, counted); false when a parallel
     * runtime had no room for it under {@code FAIL} or {@code DROP} backpressure (counted).
     */
    public final boolean sendVector4(final int method, final float x, final float y, final float z, final float w4)
    {
        return sendVector4(method, x, y, z, w4, Metadata.DEFAULT);
    }

    /**
     * Send a message with a 4-vector payload ({@link PayloadType#VECTOR4}): single-threaded, delivered depth first before this returns; parallel, published for the workers.
     *
     * @param method   method id, see {@link Method}.
     * @param x  first component.
     * @param y  second component.
     * @param z  third component.
     * @param w4 fourth component.
     * @param metadata routing metadata.
     * @return true when the message was sent (or needed no local delivery, counted); false when a parallel
     * runtime had no room for it under {@code FAIL} or {@code DROP} backpressure (counted).
     */
    public final boolean sendVector4(final int method, final float x, final float y, final float z, final float w4, final Metadata metadata)
    {
        return runtime.port().send(model, method, metadata, SendPort.VECTOR4, 0, x, y, z, w4, null, null, 0);
    }

    /**
     * Send a message with a quaternion payload ({@link PayloadType#QUATERNION}), with {@link Metadata#DEFAULT} (self and children).
     *
     * @param method method id, see {@link Method}.
     * @param x  first component.
     * @param y  second component.
     * @param z  third component.
     * @param w4 scalar component.
     * @return true when the message was sent (or needed no local delivery, counted); false when a parallel
     * runtime had no room for it under {@code FAIL} or {@code DROP} backpressure (counted).
     */
    public final boolean sendQuaternion(final int method, final float x, final float y, final float z, final float w4)
    {
        return sendQuaternion(method, x, y, z, w4, Metadata.DEFAULT);
    }

    /**
     * Send a message with a quaternion payload ({@link PayloadType#QUATERNION}): single-threaded, delivered depth first before this returns; parallel, published for the workers.
     *
     * @param method   method id, see {@link Method}.
     * @param x  first component.
     * @param y  second component.
     * @param z  third component.
     * @param w4 scalar component.
     * @param metadata routing metadata.
     * @return true when the message was sent (or needed no local delivery, counted); false when a parallel
     * runtime had no room for it under {@code FAIL} or {@code DROP} backpressure (counted).
     */
    public final boolean sendQuaternion(final int method, final float x, final float y, final float z, final float w4, final Metadata metadata)
    {
        return runtime.port().send(model, method, metadata, SendPort.QUATERNION, 0, x, y, z, w4, null, null, 0);
    }

    /**
     * Send a message with a transform payload: position x, y, z; rotation x, y, z, w; scale x, y, z ({@link PayloadType#TRANSFORM}), with {@link Metadata#DEFAULT} (self and children).
     *
     * @param method method id, see {@link Method}.
     * @param transform ten floats, read during the call only.
     * @return true when the message was sent (or needed no local delivery, counted); false when a parallel
     * runtime had no room for it under {@code FAIL} or {@code DROP} backpressure (counted).
     */
    public final boolean sendTransform(final int method, final float[] transform)
    {
        return sendTransform(method, transform, Metadata.DEFAULT);
    }

    /**
     * Send a message with a transform payload: position x, y, z; rotation x, y, z, w; scale x, y, z ({@link PayloadType#TRANSFORM}): single-threaded, delivered depth first before this returns; parallel, published for the workers.
     *
     * @param method   method id, see {@link Method}.
     * @param transform ten floats, read during the call only.
     * @param metadata routing metadata.
     * @return true when the message was sent (or needed no local delivery, counted); false when a parallel
     * runtime had no room for it under {@code FAIL} or {@code DROP} backpressure (counted).
     */
    public final boolean sendTransform(final int method, final float[] transform, final Metadata metadata)
    {
        if (transform.length < PayloadType.TRANSFORM_FLOATS)
        {
            // Checked before the claim, like the range of sendBytes.
            throw new IllegalArgumentException(
                "transform must have " + PayloadType.TRANSFORM_FLOATS + " floats: length=" + transform.length);
        }
        return runtime.port().send(model, method, metadata, SendPort.TRANSFORM, 0, 0, 0, 0, 0, transform, null, 0);
    }

    /**
     * Send a byte-array payload, the whole array, with {@link Metadata#DEFAULT}.
     *
     * @param method method id.
     * @param value  the payload, copied into the slot.
     * @return true when the message was sent (or needed no local delivery, counted); false when a parallel
     * runtime had no room for it under {@code FAIL} or {@code DROP} backpressure (counted).
     */
    public final boolean sendBytes(final int method, final byte[] value)
    {
        return sendBytes(method, value, 0, value.length, Metadata.DEFAULT);
    }

    /**
     * Send a custom payload (Mercury's serializable message) that a codec writes straight into the slot.
     *
     * @param method   method id.
     * @param codec    writes the value; its schema id goes in the header.
     * @param value    the payload.
     * @param metadata routing metadata.
     * @param <T>      type carried.
     * @return true when the message was sent (or needed no local delivery, counted); false when a parallel
     * runtime had no room for it under {@code FAIL} or {@code DROP} backpressure (counted).
     */
    public final <T> boolean sendCustom(
        final int method, final PayloadCodec<T> codec, final T value, final Metadata metadata)
    {
        return runtime.port().send(model, method, metadata, SendPort.CUSTOM, 0, 0, 0, 0, 0, codec, value, 0);
    }

    /**
     * Forward a received message from this node, with {@link Metadata#DEFAULT} (self and children); see
     * {@link #forward(MessageView, Metadata)}.
     *
     * @param message being handled (a responder's argument).
     * @return as {@link #send(int, Metadata)}.
     */
    public final boolean forward(final MessageView message)
    {
        return forward(message, Metadata.DEFAULT);
    }

    /**
     * Forward a received message from this node: a new message with the received one's method, payload (type, schema
     * and bytes, copied from slot to slot: nothing allocated) and handled flag, routed by {@code metadata} from this
     * node, as Mercury's relay re-invoking a message it received. Called from a responder, it is a nested send
     * (single-threaded) or a reaction (parallel), like any other send there.
     *
     * @param message  being handled; read during this call only.
     * @param metadata routing metadata of the forwarded message.
     * @return as {@link #send(int, Metadata)}.
     */
    public final boolean forward(final MessageView message, final Metadata metadata)
    {
        final int method = message.method();
        return runtime.port().send(model, method, metadata, SendPort.FORWARD, 0, 0, 0, 0, 0, message, null, 0);
    }

    @Override
    public String toString()
    {
        return "RelayNode{" + model.name() + '}';
    }
}
