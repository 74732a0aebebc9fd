package io.barwise.engine;

import io.barwise.rules.Facts;
import java.util.ArrayList;
import java.util.List;
import org.kie.api.event.rule.ObjectDeletedEvent;
import org.kie.api.event.rule.ObjectInsertedEvent;
import org.kie.api.event.rule.ObjectUpdatedEvent;
import org.kie.api.event.rule.RuleRuntimeEventListener;
import org.kie.api.runtime.rule.FactHandle;

/**
 * Every fact in a session, in the order it was inserted (by the engine or by a rule). Decisions are
 * read from here rather than from {@code KieSession.getObjects()}, whose order follows identity
 * hash codes and so changes from one JVM to the next; insertion order is the same every run. It
 * also lets the engine empty a session for reuse without scanning it.
 */
final class FactLog implements RuleRuntimeEventListener {
    private final List<FactHandle> handles = new ArrayList<>();
    private final List<Object> objects = new ArrayList<>();
    /** Set while the engine deletes facts itself, which it removes from the log directly. */
    private boolean deleting;

    @Override
    public void objectInserted(ObjectInsertedEvent event) {
        handles.add(event.getFactHandle());
        objects.add(event.getObject());
    }

    @Override
    public void objectUpdated(ObjectUpdatedEvent event) {
        int i = indexOf(event.getFactHandle());
        if (i >= 0) objects.set(i, event.getObject());
    }

    @Override
    public void objectDeleted(ObjectDeletedEvent event) {
        if (deleting) return;
        int i = indexOf(event.getFactHandle()); // only user DRL deletes facts: rare, so a scan is fine
        if (i >= 0) {
            handles.set(i, null);
            objects.set(i, null);
        }
    }

    private int indexOf(FactHandle h) {
        for (int i = handles.size() - 1; i >= 0; i--) if (handles.get(i) == h) return i;
        return -1;
    }

    /** The log's length: facts inserted from here on belong to what happens next. */
    int mark() { return handles.size(); }

    /** The facts about request {@code req} inserted since {@code from}, in insertion order. */
    List<Object> perRequest(int from, int req) {
        List<Object> out = new ArrayList<>();
        for (int i = from; i < objects.size(); i++) {
            if (objects.get(i) instanceof Facts.PerRequest p && p.req() == req) out.add(p);
        }
        return out;
    }

    /** Every live fact of this type, in insertion order. */
    <T> List<T> all(Class<T> type) {
        List<T> out = new ArrayList<>();
        for (Object o : objects) if (type.isInstance(o)) out.add(type.cast(o));
        return out;
    }

    /** Deletes the request's facts inserted since {@code from}: they have said all they can. */
    void deletePerRequest(org.kie.api.runtime.KieSession session, int from, int req) {
        deleting = true;
        try {
            for (int i = from; i < objects.size(); i++) {
                if (objects.get(i) instanceof Facts.PerRequest p && p.req() == req) {
                    session.delete(handles.get(i));
                    handles.set(i, null);
                    objects.set(i, null);
                }
            }
        } finally {
            deleting = false;
        }
    }

    /** Deletes every fact, newest first, leaving the session empty for the next scenario. */
    void deleteAll(org.kie.api.runtime.KieSession session) {
        deleting = true;
        try {
            for (int i = handles.size() - 1; i >= 0; i--) {
                FactHandle h = handles.get(i);
                if (h != null) session.delete(h);
            }
        } finally {
            deleting = false;
            handles.clear();
            objects.clear();
        }
    }
}
