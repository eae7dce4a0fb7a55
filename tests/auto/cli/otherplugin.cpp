// A Qt plugin, but not a Quarry entity plugin: the CLI must say so.
#include <QObject>
#include <QtPlugin>

class OtherPlugin : public QObject
{
    Q_OBJECT
    Q_PLUGIN_METADATA(IID "org.example.SomethingElse/1.0")
};

#include "otherplugin.moc"
