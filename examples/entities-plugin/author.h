#pragma once

#include <QDate>
#include <QObject>

class Author : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("quarry:table", "authors")
    Q_CLASSINFO("name", "unique max_length=80")
    Q_CLASSINFO("born", "null")
    Q_PROPERTY(qint64 id MEMBER m_id NOTIFY changed)
    Q_PROPERTY(QString name MEMBER m_name NOTIFY changed)
    Q_PROPERTY(QDate born MEMBER m_born NOTIFY changed)
public:
    Q_INVOKABLE explicit Author(QObject *parent = nullptr) : QObject(parent) {}
    qint64 m_id = 0;
    QString m_name;
    QDate m_born;
Q_SIGNALS:
    void changed();
};
