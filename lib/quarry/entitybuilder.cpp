#include "entitybuilder_p.h"

#include "optionalcodec_p.h"

#include <QDate>
#include <QDateTime>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMetaClassInfo>
#include <QMutex>
#include <QSequentialIterable>
#include <QSet>
#include <QTime>
#include <QUuid>
#include <memory>

namespace Quarry::Private {

namespace {

const QString classOptionPrefix = QStringLiteral("quarry:");

const QSet<QString> &knownOptions()
{
    static const QSet<QString> options = {
        QStringLiteral("primary_key"), QStringLiteral("auto_increment"),
        QStringLiteral("unique"),      QStringLiteral("index"),
        QStringLiteral("null"),        QStringLiteral("max_length"),
        QStringLiteral("default"),     QStringLiteral("column"),
        QStringLiteral("references"),  QStringLiteral("on_delete"),
        QStringLiteral("label"),       QStringLiteral("enum"),
    };
    return options;
}

bool storageFor(QMetaType type, PropertyInfo::Storage *storage)
{
    using S = PropertyInfo::Storage;
    if (type.flags().testFlag(QMetaType::IsEnumeration)) {
        *storage = S::EnumName;
        return true;
    }
    switch (type.id()) {
    case QMetaType::Bool: *storage = S::Bool; return true;
    case QMetaType::Int:
    case QMetaType::Short:
    case QMetaType::UShort:
    case QMetaType::SChar:
    case QMetaType::UChar: *storage = S::Int32; return true;
    case QMetaType::LongLong:
    case QMetaType::Long: *storage = S::Int64; return true;
    case QMetaType::UInt: *storage = S::UInt32; return true;
    case QMetaType::Double:
    case QMetaType::Float: *storage = S::Double; return true;
    case QMetaType::QString: *storage = S::String; return true;
    case QMetaType::QByteArray: *storage = S::Bytes; return true;
    case QMetaType::QDate: *storage = S::Date; return true;
    case QMetaType::QTime: *storage = S::Time; return true;
    case QMetaType::QDateTime: *storage = S::DateTime; return true;
    case QMetaType::QUuid: *storage = S::Uuid; return true;
    case QMetaType::QJsonObject: *storage = S::JsonObject; return true;
    case QMetaType::QJsonArray: *storage = S::JsonArray; return true;
    case QMetaType::QJsonDocument: *storage = S::JsonDocument; return true;
    default: return false;
    }
}

// Types whose null value (null QString, invalid QDate, ...) can stand for NULL.
bool canHoldNull(PropertyInfo::Storage storage)
{
    using S = PropertyInfo::Storage;
    switch (storage) {
    case S::String: case S::Bytes: case S::Date: case S::Time: case S::DateTime:
    case S::Uuid: case S::JsonDocument:
        return true;
    default:
        return false;
    }
}

bool isInteger(PropertyInfo::Storage storage)
{
    using S = PropertyInfo::Storage;
    return storage == S::Int32 || storage == S::Int64 || storage == S::UInt32;
}

// Converts a `default=` text to the property's plain value; false when it does not fit.
bool convertDefault(const PropertyInfo &property, const QString &text, QVariant *value)
{
    using S = PropertyInfo::Storage;
    bool ok = true;
    switch (property.storage()) {
    case S::Bool:
        if (text == QLatin1String("true") || text == QLatin1String("1"))
            *value = true;
        else if (text == QLatin1String("false") || text == QLatin1String("0"))
            *value = false;
        else
            ok = false;
        break;
    case S::Int32: case S::EnumInt: *value = text.toInt(&ok); break;
    case S::Int64: *value = text.toLongLong(&ok); break;
    case S::UInt32: *value = text.toUInt(&ok); break;
    case S::Double: *value = text.toDouble(&ok); break;
    case S::String: *value = text; break;
    case S::Bytes: *value = text.toUtf8(); break;
    case S::Date: *value = QDate::fromString(text, Qt::ISODate); ok = value->toDate().isValid(); break;
    case S::Time: *value = QTime::fromString(text, Qt::ISODateWithMs); ok = value->toTime().isValid(); break;
    case S::DateTime: {
        QDateTime dateTime = QDateTime::fromString(text, Qt::ISODateWithMs);
        ok = dateTime.isValid();
        *value = dateTime;
        break;
    }
    case S::Uuid: *value = QUuid::fromString(text); ok = !value->toUuid().isNull(); break;
    case S::JsonObject: case S::JsonArray: case S::JsonDocument: {
        QJsonParseError parseError;
        const QJsonDocument document = QJsonDocument::fromJson(text.toUtf8(), &parseError);
        ok = parseError.error == QJsonParseError::NoError;
        if (property.storage() == S::JsonObject)
            *value = document.object();
        else if (property.storage() == S::JsonArray)
            *value = document.array();
        else
            *value = document;
        break;
    }
    case S::EnumName:
        property.metaProperty().enumerator().keyToValue(text.toLatin1(), &ok);
        *value = text;
        break;
    }
    return ok;
}

// The entity class a relation property points at: `Author *` or `QList<Book *>`.
const QMetaObject *relationTarget(QMetaType type)
{
    if (type.flags().testFlag(QMetaType::PointerToQObject))
        return type.metaObject();
    if (!QMetaType::canView(type, QMetaType::fromType<QSequentialIterable>()))
        return nullptr;
    QVariant list(type);
    const QMetaType element = list.view<QSequentialIterable>().metaContainer().valueMetaType();
    return element.flags().testFlag(QMetaType::PointerToQObject) ? element.metaObject() : nullptr;
}

bool isRelationType(QMetaType type)
{
    return relationTarget(type) != nullptr;
}

struct Cache {
    QMutex mutex;
    QHash<const QMetaObject *, std::shared_ptr<EntityInfo>> entities;
};

Cache &cache()
{
    static Cache instance;
    return instance;
}

} // namespace

QString EntityBuilder::snakeCase(const QString &name)
{
    QString result;
    for (int i = 0; i < name.size(); ++i) {
        const QChar c = name.at(i);
        if (c.isUpper()) {
            if (i > 0 && !name.at(i - 1).isUpper() && name.at(i - 1) != QLatin1Char('_'))
                result += QLatin1Char('_');
            result += c.toLower();
        } else {
            result += c;
        }
    }
    return result;
}

bool EntityBuilder::parseOptions(const QString &text, QList<QPair<QString, QString>> *options,
                                 QString *problem)
{
    int i = 0;
    const int n = text.size();
    while (i < n) {
        while (i < n && text.at(i).isSpace())
            ++i;
        if (i >= n)
            break;
        QString key;
        while (i < n && !text.at(i).isSpace() && text.at(i) != QLatin1Char('='))
            key += text.at(i++);
        QString value;
        if (i < n && text.at(i) == QLatin1Char('=')) {
            ++i;
            if (i < n && (text.at(i) == QLatin1Char('\'') || text.at(i) == QLatin1Char('"'))) {
                const QChar quote = text.at(i++);
                const int end = text.indexOf(quote, i);
                if (end < 0) {
                    *problem = QStringLiteral("unterminated quote in option '%1'").arg(key);
                    return false;
                }
                value = text.mid(i, end - i);
                i = end + 1;
            } else {
                value = QStringLiteral(""); // `default=` means the empty string
                while (i < n && !text.at(i).isSpace())
                    value += text.at(i++);
            }
        }
        options->append({key, value});
    }
    return true;
}

bool EntityBuilder::buildRelation(const QMetaProperty &metaProperty, const QString &text,
                                  RelationInfo *relation, QString *problem)
{
    relation->m_property = metaProperty;
    relation->m_name = QString::fromLatin1(metaProperty.name());
    relation->m_targetName = QString::fromLatin1(relationTarget(metaProperty.metaType())->className());
    const bool toMany = !metaProperty.metaType().flags().testFlag(QMetaType::PointerToQObject);
    relation->m_kind = toMany ? RelationInfo::Kind::OneToMany : RelationInfo::Kind::ManyToOne;
    if (!metaProperty.isWritable()) {
        *problem = QStringLiteral("a relation property must be writable (MEMBER or WRITE): the "
                                  "session fills it");
        return false;
    }
    QList<QPair<QString, QString>> options;
    if (!parseOptions(text, &options, problem))
        return false;
    for (const auto &[key, value] : std::as_const(options)) {
        if (key == QLatin1String("foreign_key")) {
            relation->m_foreignKey = value;
        } else if (key == QLatin1String("through") && toMany) {
            relation->m_through = value;
            relation->m_kind = RelationInfo::Kind::ManyToMany;
        } else if (key == QLatin1String("label")) {
            relation->m_label = value;
        } else {
            *problem = QStringLiteral("option '%1' does not apply to a relation (use foreign_key=, "
                                      "through= or label=)")
                           .arg(key);
            return false;
        }
        if (value.isEmpty()) {
            *problem = QStringLiteral("option '%1' needs a value").arg(key);
            return false;
        }
    }
    return true;
}

const EntityInfo *EntityBuilder::entityFor(const QMetaObject *metaObject,
                                           const EntityInfo::Factory &factory, Error *error)
{
    Cache &entities = cache();
    QMutexLocker locker(&entities.mutex);
    if (auto found = entities.entities.value(metaObject))
        return found.get();

    const QString className = QString::fromLatin1(metaObject->className());
    auto fail = [&](const QString &message) -> const EntityInfo * {
        *error = Error(Error::RegistrationError, className + QStringLiteral(": ") + message);
        return nullptr;
    };

    auto entity = std::make_shared<EntityInfo>();
    entity->m_metaObject = metaObject;
    entity->m_className = className;
    entity->m_tableName = snakeCase(className);
    entity->m_factory = factory;
    if (!entity->m_factory) {
        const QByteArray name = metaObject->className();
        if (metaObject->indexOfConstructor(name + "()") >= 0)
            entity->m_factory = [metaObject] { return metaObject->newInstance(); };
        else if (metaObject->indexOfConstructor(name + "(QObject*)") >= 0)
            entity->m_factory = [metaObject] {
                return metaObject->newInstance(Q_ARG(QObject *, nullptr));
            };
        else
            return fail(QStringLiteral("no usable constructor: declare `Q_INVOKABLE explicit %1"
                                       "(QObject *parent = nullptr)` or make the class "
                                       "default-constructible")
                            .arg(className));
    }

    // Options by property name; class options carry the "quarry:" prefix.
    QHash<QString, QString> optionText;
    for (int i = 0; i < metaObject->classInfoCount(); ++i) {
        const QMetaClassInfo info = metaObject->classInfo(i);
        const QString key = QString::fromUtf8(info.name());
        const QString value = QString::fromUtf8(info.value());
        if (key == classOptionPrefix + QLatin1String("table")) {
            if (value.trimmed().isEmpty())
                return fail(QStringLiteral("quarry:table is empty"));
            entity->m_tableName = value.trimmed();
        } else if (key.startsWith(classOptionPrefix)) {
            return fail(QStringLiteral("unknown class option '%1'").arg(key));
        } else {
            optionText.insert(key, value);
        }
    }

    bool explicitPrimaryKey = false;
    const int firstProperty = QObject::staticMetaObject.propertyCount();
    for (int i = firstProperty; i < metaObject->propertyCount(); ++i) {
        const QMetaProperty metaProperty = metaObject->property(i);
        const QString name = QString::fromLatin1(metaProperty.name());
        const QString text = optionText.take(name);
        if (!metaProperty.isStored())
            continue;
        auto failProperty = [&](const QString &message) {
            return fail(QStringLiteral("property '%1': %2").arg(name, message));
        };
        QString problem;

        if (isRelationType(metaProperty.metaType())) {
            RelationInfo relation;
            if (!buildRelation(metaProperty, text, &relation, &problem))
                return failProperty(problem);
            entity->m_relations.append(relation);
            continue;
        }

        PropertyInfo property;
        property.m_property = metaProperty;
        property.resolveDirectAccess();
        property.m_name = name;
        property.m_column = name;
        property.m_valueType = metaProperty.metaType();
        if (const OptionalCodec *codec = optionalCodec(metaProperty.metaType())) {
            property.m_optional = true;
            property.m_nullable = true;
            property.m_valueType = codec->valueType;
        }
        if (!storageFor(property.m_valueType, &property.m_storage))
            return failProperty(QStringLiteral("type %1 has no SQL mapping")
                                    .arg(QString::fromLatin1(metaProperty.typeName())));
        if (property.m_storage == PropertyInfo::Storage::EnumName
            && !metaProperty.isEnumType())
            return failProperty(QStringLiteral("enum type %1 is not declared with Q_ENUM")
                                    .arg(QString::fromLatin1(metaProperty.typeName())));
        if (!metaProperty.isWritable())
            return failProperty(QStringLiteral("is not writable (add MEMBER or WRITE, or mark "
                                               "it STORED false)"));

        QList<QPair<QString, QString>> options;
        if (!parseOptions(text, &options, &problem))
            return failProperty(problem);
        QString onDeleteText;
        for (const auto &[key, value] : std::as_const(options)) {
            if (!knownOptions().contains(key))
                return failProperty(QStringLiteral("unknown option '%1'").arg(key));
            const bool needsValue = key == QLatin1String("max_length")
                || key == QLatin1String("default") || key == QLatin1String("column")
                || key == QLatin1String("references") || key == QLatin1String("on_delete")
                || key == QLatin1String("label") || key == QLatin1String("enum");
            if (needsValue && value.isNull())
                return failProperty(QStringLiteral("option '%1' needs a value (%1=...)").arg(key));
            if (!needsValue && !value.isNull())
                return failProperty(QStringLiteral("option '%1' takes no value").arg(key));

            if (key == QLatin1String("primary_key")) {
                property.m_primaryKey = true;
                explicitPrimaryKey = true;
            } else if (key == QLatin1String("auto_increment")) {
                property.m_autoIncrement = true;
            } else if (key == QLatin1String("unique")) {
                property.m_unique = true;
            } else if (key == QLatin1String("index")) {
                property.m_indexed = true;
            } else if (key == QLatin1String("null")) {
                property.m_nullable = true;
            } else if (key == QLatin1String("max_length")) {
                bool ok = false;
                property.m_maxLength = value.toInt(&ok);
                if (!ok || property.m_maxLength <= 0)
                    return failProperty(QStringLiteral("max_length=%1 is not a positive number")
                                            .arg(value));
            } else if (key == QLatin1String("default")) {
                property.m_defaultText = value;
            } else if (key == QLatin1String("column")) {
                property.m_column = value;
            } else if (key == QLatin1String("references")) {
                property.m_references = value;
            } else if (key == QLatin1String("on_delete")) {
                onDeleteText = value;
            } else if (key == QLatin1String("label")) {
                property.m_label = value;
            } else if (key == QLatin1String("enum")) {
                if (property.m_storage != PropertyInfo::Storage::EnumName)
                    return failProperty(QStringLiteral("option 'enum' applies to Q_ENUM types"));
                if (value == QLatin1String("int"))
                    property.m_storage = PropertyInfo::Storage::EnumInt;
                else if (value != QLatin1String("name"))
                    return failProperty(QStringLiteral("enum=%1: expected enum=name or enum=int")
                                            .arg(value));
            }
        }

        if (property.m_nullable && !property.m_optional && !canHoldNull(property.m_storage))
            return failProperty(QStringLiteral("option 'null' needs a type that can hold NULL: "
                                               "use std::optional<%1>")
                                    .arg(QString::fromLatin1(metaProperty.typeName())));
        if (property.m_maxLength > 0 && property.m_storage != PropertyInfo::Storage::String)
            return failProperty(QStringLiteral("max_length applies to QString properties"));
        if (!onDeleteText.isNull()) {
            if (property.m_references.isEmpty())
                return failProperty(QStringLiteral("on_delete without references="));
            if (onDeleteText == QLatin1String("cascade"))
                property.m_onDelete = PropertyInfo::OnDelete::Cascade;
            else if (onDeleteText == QLatin1String("restrict"))
                property.m_onDelete = PropertyInfo::OnDelete::Restrict;
            else if (onDeleteText == QLatin1String("set_null"))
                property.m_onDelete = PropertyInfo::OnDelete::SetNull;
            else
                return failProperty(QStringLiteral("on_delete=%1: expected cascade, restrict or "
                                                   "set_null")
                                        .arg(onDeleteText));
            if (property.m_onDelete == PropertyInfo::OnDelete::SetNull && !property.m_nullable)
                return failProperty(QStringLiteral("on_delete=set_null needs a nullable column "
                                                   "('null' or std::optional)"));
        }
        if (property.hasDefault()) {
            if (!convertDefault(property, property.m_defaultText, &property.m_defaultValue))
                return failProperty(QStringLiteral("default=%1 is not a valid %2")
                                        .arg(property.m_defaultText,
                                             QString::fromLatin1(metaProperty.typeName())));
        }
        if (property.m_column.isEmpty())
            return failProperty(QStringLiteral("column name is empty"));
        if (entity->propertyForColumn(property.m_column))
            return failProperty(QStringLiteral("column '%1' is mapped twice").arg(property.m_column));
        if (!metaProperty.hasNotifySignal())
            entity->m_needsSnapshotComparison = true;
        else if (!entity->m_notifySignals.contains(metaProperty.notifySignalIndex()))
            entity->m_notifySignals.append(metaProperty.notifySignalIndex());
        property.chooseComparison();
        entity->m_properties.append(property);
    }

    if (!optionText.isEmpty())
        return fail(QStringLiteral("Q_CLASSINFO '%1' names no mapped property")
                        .arg(optionText.keys().constFirst()));
    if (entity->m_properties.isEmpty())
        return fail(QStringLiteral("no mapped Q_PROPERTY"));

    // The primary key: `primary_key`, else a property named "id".
    for (int i = 0; i < entity->m_properties.size(); ++i) {
        PropertyInfo &property = entity->m_properties[i];
        const bool byConvention = !explicitPrimaryKey && property.m_name == QLatin1String("id");
        if (!property.m_primaryKey && !byConvention)
            continue;
        if (entity->m_primaryKeyIndex >= 0)
            return fail(QStringLiteral("more than one primary_key (composite keys are not "
                                       "supported)"));
        property.m_primaryKey = true;
        entity->m_primaryKeyIndex = i;
        // An integer "id" is auto-increment by convention.
        if (byConvention && isInteger(property.m_storage))
            property.m_autoIncrement = true;
    }
    if (entity->m_primaryKeyIndex < 0)
        return fail(QStringLiteral("no primary key: add a property 'id' or mark one primary_key"));
    for (const PropertyInfo &property : std::as_const(entity->m_properties)) {
        if (property.m_autoIncrement && !(property.m_primaryKey && isInteger(property.m_storage)))
            return fail(QStringLiteral("property '%1': auto_increment needs an integer "
                                       "primary key")
                            .arg(property.m_name));
        if (property.m_primaryKey && property.m_nullable)
            return fail(QStringLiteral("property '%1': a primary key cannot be null")
                            .arg(property.m_name));
    }

    entities.entities.insert(metaObject, entity);
    return entity.get();
}

} // namespace Quarry::Private
