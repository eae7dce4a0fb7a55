#pragma once

#include <QDate>
#include <QObject>

// The entity as the application has it now: `due` came after 0001_create_tasks.
class Task : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("quarry:table", "tasks")
    Q_CLASSINFO("title", "max_length=100")
    Q_CLASSINFO("done", "default=false")
    Q_CLASSINFO("due", "null")
    Q_PROPERTY(qint64 id MEMBER m_id NOTIFY changed)
    Q_PROPERTY(QString title MEMBER m_title NOTIFY changed)
    Q_PROPERTY(bool done MEMBER m_done NOTIFY changed)
    Q_PROPERTY(QDate due MEMBER m_due NOTIFY changed)
public:
    Q_INVOKABLE explicit Task(QObject *parent = nullptr) : QObject(parent) {}
    qint64 m_id = 0;
    QString m_title;
    bool m_done = false;
    QDate m_due;
Q_SIGNALS:
    void changed();
};
