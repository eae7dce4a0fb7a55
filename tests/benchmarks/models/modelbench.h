#pragma once

// quarry-model-bench: QueryModel against QSqlTableModel on the same SQLite table, in one
// run. Each model is measured in a child process of its own (the same executable, run
// with --measure), so that one model's memory does not count against the other's.

#include <QObject>
#include <QString>
#include <QStringList>

class BenchPerson : public QObject {
    Q_OBJECT
    Q_CLASSINFO("quarry:table", "people")
    Q_CLASSINFO("name", "max_length=50 index")
    Q_CLASSINFO("email", "max_length=100")
    Q_PROPERTY(qint64 id MEMBER m_id NOTIFY changed)
    Q_PROPERTY(QString name MEMBER m_name NOTIFY changed)
    Q_PROPERTY(QString email MEMBER m_email NOTIFY changed)
    Q_PROPERTY(int age MEMBER m_age NOTIFY changed)
    Q_PROPERTY(double score MEMBER m_score NOTIFY changed)
public:
    Q_INVOKABLE explicit BenchPerson(QObject *parent = nullptr) : QObject(parent) {}
    qint64 m_id = 0;
    QString m_name;
    QString m_email;
    int m_age = 0;
    double m_score = 0;
Q_SIGNALS:
    void changed();
};

namespace ModelBench {

// One measured figure: a name and a value in its unit ("ms", "MB").
struct Figure {
    QString name;
    double value = -1;
};

// Creates (or reuses, when it already holds `rows` rows) the table in the SQLite file.
bool prepareDatabase(const QString &path, qint64 rows, QString *error);

// Runs in the child: measures one model ("quarry" or "qsqltablemodel") over the file and
// prints "figure <name> <value>" lines on stdout.
int measure(const QString &which, const QString &path, qint64 rows);
// QueryModel in the background mode ("quarry-background"): the longest time a view's
// rowCount()/data() call keeps the calling thread (measurebackground.cpp).
int measureBackground(const QString &path, qint64 rows);

// Resident memory of this process, in MB: now, and the peak so far.
double residentMb();
double peakResidentMb();

} // namespace ModelBench
