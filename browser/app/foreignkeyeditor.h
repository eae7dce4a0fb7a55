#pragma once

#include <QComboBox>
#include <QList>
#include <QPair>
#include <QTimer>
#include <QVariant>

class QCompleter;
class QStringListModel;

namespace Quarry {
class EntityInfo;
}

namespace QuarryBrowser {

class BackgroundWorker;
class DatabaseContext;

// The editor of a foreign-key cell: an editable combo that searches the referenced
// entity as the user types. The search runs in SQL, in the background (a Query with a
// LIMIT on the referenced entity: its first text column contains the text, or its key is
// the number typed), and the matches pop up as "id — name". value() is the chosen key.
class ForeignKeyEditor : public QComboBox
{
    Q_OBJECT
public:
    // `worker` runs the searches (the delegate's; outlives the editor).
    ForeignKeyEditor(DatabaseContext *context, const Quarry::EntityInfo *referenced,
                     BackgroundWorker *worker, QWidget *parent = nullptr);
    ~ForeignKeyEditor() override;

    // Shows the key (and, once looked up, its row's label).
    void setValue(const QVariant &key);
    // The key the text names: a chosen match, or a number typed; an emptied editor gives
    // an invalid QVariant (NULL); other text is handed on as it is, for the model to refuse.
    QVariant value() const;

    // What typing does, after a short pause; public for tests and the "▾" button.
    void search(const QString &text);
    QCompleter *matchCompleter() const { return m_completer; }
    int matchCount() const { return int(m_matches.size()); }
    QVariant matchKey(int i) const { return m_matches.value(i).first; }
    QString matchText(int i) const { return m_matches.value(i).second; }
    // Makes match i the editor's text (what clicking it in the popup does).
    void chooseMatch(int i);

    static constexpr int searchLimit = 50;

Q_SIGNALS:
    // A search's results arrived (and the popup shows them).
    void matchesChanged();

public:
    // --- reimplemented ------------------------------------------------------------------
    void showPopup() override;

private:
    QString labelOf(const QVariant &key, const QString &text) const;

    DatabaseContext *m_context;
    const Quarry::EntityInfo *m_referenced;
    BackgroundWorker *m_worker;
    QString m_keyProperty;
    QString m_textProperty; // the first text column; empty when there is none
    QCompleter *m_completer;
    QStringListModel *m_matchModel;
    QList<QPair<QVariant, QString>> m_matches;
    QTimer m_debounce;
    int m_generation = 0; // the newest search wins
};

} // namespace QuarryBrowser
