<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="es" sourcelanguage="en">
<context>
    <name>AboutDialog</name>
    <message>
        <source>About Willay</source>
        <translation>Acerca de Willay</translation>
    </message>
    <message>
        <source>Willay %1</source>
        <translation>Willay %1</translation>
    </message>
    <message>
        <source>Offline-first encrypted archive for human-rights field documentation.</source>
        <translation>Archivo cifrado, sin conexión, para la documentación de derechos humanos en campo.</translation>
    </message>
    <message>
        <source>Bundled components</source>
        <translation>Componentes incluidos</translation>
    </message>
    <message>
        <source>Component</source>
        <translation>Componente</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>Versión</translation>
    </message>
    <message>
        <source>License</source>
        <translation>Licencia</translation>
    </message>
    <message>
        <source>Used for</source>
        <translation>Sirve para</translation>
    </message>
    <message>
        <source>Willay is free software: you may use, study, share and change it under the GNU General Public License, version 3 or later. It is built from the components below, each under its own license; their license texts travel with this copy (hover over a row to see where).</source>
        <translation>Willay es software libre: puede usarlo, estudiarlo, compartirlo y modificarlo según la Licencia Pública General de GNU, versión 3 o posterior. Está hecho con los componentes de abajo, cada uno con su propia licencia; los textos de esas licencias viajan con esta copia (pase el puntero sobre una fila para ver dónde).</translation>
    </message>
    <message>
        <source>%1 (Qt %2)</source>
        <translation>%1 (Qt %2)</translation>
    </message>
    <message>
        <source>bundled data</source>
        <translation>datos incluidos</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>desconocida</translation>
    </message>
    <message>
        <source>Public domain</source>
        <translation>Dominio público</translation>
    </message>
    <message>
        <source>License texts:</source>
        <translation>Textos de licencia:</translation>
    </message>
    <message>
        <source>this application</source>
        <translation>esta aplicación</translation>
    </message>
    <message>
        <source>language runtime</source>
        <translation>entorno de ejecución del lenguaje</translation>
    </message>
    <message>
        <source>desktop window</source>
        <translation>ventana de escritorio</translation>
    </message>
    <message>
        <source>encrypted database</source>
        <translation>base de datos cifrada</translation>
    </message>
    <message>
        <source>database engine (inside SQLCipher)</source>
        <translation>motor de base de datos (dentro de SQLCipher)</translation>
    </message>
    <message>
        <source>database toolkit</source>
        <translation>herramientas de base de datos</translation>
    </message>
    <message>
        <source>record models</source>
        <translation>modelos de los registros</translation>
    </message>
    <message>
        <source>schema migrations</source>
        <translation>migraciones del esquema</translation>
    </message>
    <message>
        <source>templates for Alembic</source>
        <translation>plantillas para Alembic</translation>
    </message>
    <message>
        <source>field validation (SQLModel)</source>
        <translation>validación de campos (SQLModel)</translation>
    </message>
    <message>
        <source>encryption and signatures</source>
        <translation>cifrado y firmas</translation>
    </message>
    <message>
        <source>photos and thumbnails</source>
        <translation>fotos y miniaturas</translation>
    </message>
    <message>
        <source>HEIC/HEIF photos (with libheif, LGPL-3.0)</source>
        <translation>fotos HEIC/HEIF (con libheif, LGPL-3.0)</translation>
    </message>
    <message>
        <source>recording testimonies (with libsndfile, LGPL-2.1; libopus and libogg, BSD-3-Clause)</source>
        <translation>grabación de testimonios (con libsndfile, LGPL-2.1; libopus y libogg, BSD-3-Clause)</translation>
    </message>
    <message>
        <source>sound samples (for soundfile)</source>
        <translation>muestras de sonido (para soundfile)</translation>
    </message>
    <message>
        <source>QR codes of partner cards</source>
        <translation>códigos QR de las tarjetas de las aliadas</translation>
    </message>
    <message>
        <source>per-user folders</source>
        <translation>carpetas de cada usuario</translation>
    </message>
    <message>
        <source>reaching a hub&apos;s PostgreSQL server (with libpq, PostgreSQL License; OpenSSL, Apache-2.0)</source>
        <translation>conexión con la base de datos PostgreSQL de un servidor central (con libpq, licencia PostgreSQL; OpenSSL, Apache-2.0)</translation>
    </message>
    <message>
        <source>a hub&apos;s originals on an S3-compatible store</source>
        <translation>originales de un servidor central en un almacén compatible con S3</translation>
    </message>
    <message>
        <source>INEI ubigeo gazetteer (resources/gazetteer)</source>
        <translation>nomenclátor de ubigeos del INEI (resources/gazetteer)</translation>
    </message>
</context>
<context>
    <name>AddCoordinatorDialog</name>
    <message>
        <source>Add a coordinator</source>
        <translation>Agregar una persona coordinadora</translation>
    </message>
    <message>
        <source>Name of the new coordinator</source>
        <translation>Nombre de la nueva persona coordinadora</translation>
    </message>
    <message>
        <source>Their passphrase</source>
        <translation>Su frase de paso</translation>
    </message>
    <message>
        <source>Their passphrase again</source>
        <translation>Su frase de paso otra vez</translation>
    </message>
    <message>
        <source>What they may read</source>
        <translation>Qué puede leer</translation>
    </message>
    <message>
        <source>Adding the coordinator</source>
        <translation>Agregando a la persona coordinadora</translation>
    </message>
    <message>
        <source>Add coordi&amp;nator</source>
        <translation>A&amp;gregar persona coordinadora</translation>
    </message>
    <message>
        <source>Na&amp;me:</source>
        <translation>&amp;Nombre:</translation>
    </message>
    <message>
        <source>Lower-case letters, digits and _, starting with a letter: it also names their database role.</source>
        <translation>Letras minúsculas, cifras y _, empezando por una letra: también es el nombre de su rol en la base de datos.</translation>
    </message>
    <message>
        <source>&amp;Passphrase:</source>
        <translation>&amp;Frase de paso:</translation>
    </message>
    <message>
        <source>R&amp;epeat it:</source>
        <translation>&amp;Repítala:</translation>
    </message>
    <message>
        <source>May &amp;read:</source>
        <translation>Puede &amp;leer:</translation>
    </message>
    <message>
        <source>The new coordinator types their own passphrase here, with you beside them: nobody else should know it. It opens their own copy of the organization&apos;s keys; Willay keeps no passphrase.</source>
        <translation>La nueva persona coordinadora escribe aquí su propia frase de paso, con usted a su lado: nadie más debe conocerla. Abre su propia copia de las claves de la organización; Willay no guarda ninguna frase de paso.</translation>
    </message>
    <message>
        <source>Incidents and people are for every coordinator; what a coordinator may read limits the testimonies, and the database itself holds them to it.</source>
        <translation>Los hechos y las personas son para todas las personas coordinadoras; lo que cada una puede leer limita los testimonios, y la propia base de datos lo hace cumplir.</translation>
    </message>
    <message>
        <source>The two passphrases are not the same.</source>
        <translation>Las dos frases de paso no son iguales.</translation>
    </message>
</context>
<context>
    <name>Authors</name>
    <message>
        <source>Unknown (fingerprint %1…)</source>
        <translation>Desconocido (huella %1…)</translation>
    </message>
    <message>
        <source>%1 (vouched for by %2)</source>
        <translation>%1 (avalado por %2)</translation>
    </message>
</context>
<context>
    <name>Capabilities</name>
    <message>
        <source>Recording a testimony from the microphone is not available on a hub yet: record it in a vault, or add its sound file to the testimony.</source>
        <translation>Grabar un testimonio con el micrófono todavía no está disponible en un servidor central: grábelo en una bóveda, o agregue su archivo de sonido al testimonio.</translation>
    </message>
    <message>
        <source>Removing the originals partners confirmed receiving is a field laptop&apos;s task; it is not available on a hub, which keeps them.</source>
        <translation>Quitar los originales que las aliadas confirmaron haber recibido es tarea de la laptop de campo; no está disponible en un servidor central, que los conserva.</translation>
    </message>
    <message>
        <source>A hub has no recovery code. If you forgot your passphrase, another coordinator removes you and adds you again, and you choose a new one.</source>
        <translation>Un servidor central no tiene código de recuperación. Si olvidó su frase de paso, otra persona coordinadora la quita y la agrega de nuevo, y usted elige una nueva.</translation>
    </message>
    <message>
        <source>Coordinators belong to a hub; a vault opens with its own passphrase.</source>
        <translation>Las personas coordinadoras son de un servidor central; una bóveda se abre con su propia frase de paso.</translation>
    </message>
    <message>
        <source>This is not available on a hub yet.</source>
        <translation>Esto todavía no está disponible en un servidor central.</translation>
    </message>
</context>
<context>
    <name>Clearance</name>
    <message>
        <source>Partners</source>
        <translation>Aliadas</translation>
    </message>
    <message>
        <source>Reads the testimonies whose consent lets them go to partners, and the public ones.</source>
        <translation>Lee los testimonios cuyo consentimiento permite compartirlos con aliadas, y los públicos.</translation>
    </message>
    <message>
        <source>Legal use</source>
        <translation>Uso legal</translation>
    </message>
    <message>
        <source>Reads those, and the testimonies given for legal use: for a lawyer, the prosecutor or the Inter-American Commission.</source>
        <translation>Lee esos, y los testimonios dados para uso legal: para una abogada, la fiscalía o la Comisión Interamericana.</translation>
    </message>
    <message>
        <source>Internal</source>
        <translation>Interno</translation>
    </message>
    <message>
        <source>Reads every testimony, also those kept only inside the organization.</source>
        <translation>Lee todos los testimonios, también los que solo se guardan dentro de la organización.</translation>
    </message>
    <message>
        <source>Everything (the hub&apos;s owner)</source>
        <translation>Todo (la dueña del servidor central)</translation>
    </message>
    <message>
        <source>Connects as the database role that made the hub, which is not limited.</source>
        <translation>Se conecta con el rol de base de datos que creó el servidor central, que no tiene límites.</translation>
    </message>
</context>
<context>
    <name>ConsentChooser</name>
    <message>
        <source>Who may see it</source>
        <translation>Quién puede verlo</translation>
    </message>
    <message>
        <source>Who may see it: %s</source>
        <translation>Quién puede verlo: %s</translation>
    </message>
</context>
<context>
    <name>CoordinatorsDialog</name>
    <message>
        <source>Coordinators of the hub</source>
        <translation>Personas coordinadoras del servidor central</translation>
    </message>
    <message>
        <source>Coordinators</source>
        <translation>Personas coordinadoras</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nombre</translation>
    </message>
    <message>
        <source>May read</source>
        <translation>Puede leer</translation>
    </message>
    <message>
        <source>Added by</source>
        <translation>Agregada por</translation>
    </message>
    <message>
        <source>Added</source>
        <translation>Agregada</translation>
    </message>
    <message>
        <source>&amp;Add a coordinator…</source>
        <translation>&amp;Agregar una persona coordinadora…</translation>
    </message>
    <message>
        <source>&amp;Remove…</source>
        <translation>&amp;Quitar…</translation>
    </message>
    <message>
        <source>Working on the hub</source>
        <translation>Trabajando en el servidor central</translation>
    </message>
    <message>
        <source>The hub&apos;s last coordinator cannot be removed: nobody could open the hub then. Add another coordinator first.</source>
        <translation>No se puede quitar a la última persona coordinadora del servidor central: nadie podría abrirlo. Primero agregue a otra.</translation>
    </message>
    <message>
        <source>Each coordinator opens the hub with a passphrase of their own, and reads the testimonies their clearance reaches: the database itself holds them to it.</source>
        <translation>Cada persona coordinadora abre el servidor central con su propia frase de paso, y lee los testimonios que su autorización alcanza: la propia base de datos lo hace cumplir.</translation>
    </message>
    <message>
        <source>%1 (you)</source>
        <translation>%1 (usted)</translation>
    </message>
    <message>
        <source>%1 is now a coordinator of this hub, cleared for: %2. They open it with their own passphrase, connecting as the database role %1: give that role a password on the server (ALTER ROLE %1 PASSWORD &apos;…&apos;).</source>
        <translation>%1 ahora coordina en este servidor central, con autorización para: %2. Lo abre con su propia frase de paso, conectándose con el rol de base de datos %1: póngale una contraseña a ese rol en el servidor (ALTER ROLE %1 PASSWORD &apos;…&apos;).</translation>
    </message>
    <message>
        <source>Remove %1 as a coordinator of this hub?</source>
        <translation>¿Quitar a %1 como persona coordinadora de este servidor central?</translation>
    </message>
    <message>
        <source>What this does: %1&apos;s copy of the organization&apos;s keys is deleted, so their passphrase no longer opens the hub, and their database role is dropped (or, if it has rights in another database of this server, kept with no right left on this hub).</source>
        <translation>Lo que hace: se borra la copia de las claves de la organización que tiene %1, así que su frase de paso ya no abre el servidor central, y se elimina su rol de base de datos (o, si tiene permisos en otra base de datos de este servidor, se conserva sin ningún permiso en este servidor central).</translation>
    </message>
    <message>
        <source>What it cannot undo: whatever %1 read or copied while they were a coordinator. If they could have kept a copy of the organization&apos;s keys, only new keys close that door: a new card for the organization, compared in person again and sent to every partner.</source>
        <translation>Lo que no puede deshacer: lo que %1 leyó o copió mientras coordinaba. Si pudo guardar una copia de las claves de la organización, solo claves nuevas cierran esa puerta: una tarjeta nueva de la organización, comparada de nuevo en persona y enviada a cada aliada.</translation>
    </message>
    <message>
        <source>You are removing yourself: once the hub locks, your passphrase will not open it again.</source>
        <translation>Se está quitando a usted misma: cuando el servidor central se bloquee, su frase de paso ya no lo abrirá.</translation>
    </message>
    <message>
        <source>Remove a coordinator</source>
        <translation>Quitar a una persona coordinadora</translation>
    </message>
    <message>
        <source>Remove %1</source>
        <translation>Quitar a %1</translation>
    </message>
    <message>
        <source>%1 can no longer open this hub.</source>
        <translation>%1 ya no puede abrir este servidor central.</translation>
    </message>
    <message>
        <source>Their database role has rights in another database of this server, so it was kept, with no right left on this hub.</source>
        <translation>Su rol de base de datos tiene permisos en otra base de datos de este servidor, así que se conservó, sin ningún permiso en este servidor central.</translation>
    </message>
</context>
<context>
    <name>DuplicatesPage</name>
    <message>
        <source>&amp;Look again</source>
        <translation>&amp;Buscar de nuevo</translation>
    </message>
    <message>
        <source>Looking for possible duplicates</source>
        <translation>Buscando posibles duplicados</translation>
    </message>
    <message>
        <source>&amp;Cancel</source>
        <translation>&amp;Cancelar</translation>
    </message>
    <message>
        <source>Stop looking for duplicates</source>
        <translation>Dejar de buscar duplicados</translation>
    </message>
    <message>
        <source>Possible duplicates</source>
        <translation>Posibles duplicados</translation>
    </message>
    <message>
        <source>Reports from several documenters may describe the same event or person. Incidents are suggested when they are in the same district, within a day of each other and share a violation; people when their names match allowing for Spanish, Quechua and Aymara spellings (Quispe, Qhispi) or a missing second surname. Linking keeps both records and counts them once.</source>
        <translation>Los reportes de varias documentadoras pueden describir el mismo hecho o la misma persona. Se sugieren hechos del mismo distrito, con un día de diferencia como máximo y alguna vulneración en común; y personas cuyos nombres coinciden admitiendo grafías del castellano, quechua y aimara (Quispe, Qhispi) o la falta del segundo apellido. Vincular conserva ambos registros y los cuenta una sola vez.</translation>
    </message>
    <message>
        <source>Incidents (%1)</source>
        <translation>Hechos (%1)</translation>
    </message>
    <message>
        <source>People (%1)</source>
        <translation>Personas (%1)</translation>
    </message>
    <message>
        <source>The search was stopped. Press Look again to look for possible duplicates.</source>
        <translation>Se detuvo la búsqueda. Pulse Buscar de nuevo para buscar posibles duplicados.</translation>
    </message>
    <message>
        <source>The search for possible duplicates was stopped; nothing was changed.</source>
        <translation>Se detuvo la búsqueda de posibles duplicados; no se cambió nada.</translation>
    </message>
</context>
<context>
    <name>Errors</name>
    <message>
        <source>There is not enough memory to finish this. Nothing was changed.</source>
        <translation>No hay memoria suficiente para terminar. No se cambió nada.</translation>
    </message>
    <message>
        <source>The operation failed: %s. Nothing was changed.</source>
        <translation>La operación falló: %s. No se cambió nada.</translation>
    </message>
    <message>
        <source>Something went wrong and the operation was stopped. Nothing was changed. If it happens again, restart Willay.</source>
        <translation>Algo salió mal y la operación se detuvo. No se cambió nada. Si vuelve a pasar, reinicie Willay.</translation>
    </message>
    <message>
        <source>Willay</source>
        <translation>Willay</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>Error</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <source>Export a bundle</source>
        <translation>Exportar un paquete</translation>
    </message>
    <message>
        <source>Partners to send to</source>
        <translation>Aliadas a las que enviar</translation>
    </message>
    <message>
        <source>Partner</source>
        <translation>Aliada</translation>
    </message>
    <message>
        <source>Organization</source>
        <translation>Organización</translation>
    </message>
    <message>
        <source>Fingerprint</source>
        <translation>Huella</translation>
    </message>
    <message>
        <source>Receives</source>
        <translation>Recibe</translation>
    </message>
    <message>
        <source>Consent scope</source>
        <translation>Alcance del consentimiento</translation>
    </message>
    <message>
        <source>Checked in person</source>
        <translation>Verificada en persona</translation>
    </message>
    <message>
        <source>Full evidence</source>
        <translation>Evidencia completa</translation>
    </message>
    <message>
        <source>Anonymized</source>
        <translation>Anonimizada</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>Sí</translation>
    </message>
    <message>
        <source>No</source>
        <translation>No</translation>
    </message>
    <message>
        <source>Only what is &amp;new for them (usual)</source>
        <translation>Solo lo &amp;nuevo para ellas (lo habitual)</translation>
    </message>
    <message>
        <source>&amp;Everything they may receive, again</source>
        <translation>&amp;Todo lo que pueden recibir, otra vez</translation>
    </message>
    <message>
        <source>Profile</source>
        <translation>Perfil</translation>
    </message>
    <message>
        <source>As set for the partner</source>
        <translation>Según lo acordado con la aliada</translation>
    </message>
    <message>
        <source>Anonymized this time</source>
        <translation>Anonimizado esta vez</translation>
    </message>
    <message>
        <source>Full evidence this time</source>
        <translation>Evidencia completa esta vez</translation>
    </message>
    <message>
        <source>Bundle file</source>
        <translation>Archivo del paquete</translation>
    </message>
    <message>
        <source>C&amp;hoose…</source>
        <translation>&amp;Elegir…</translation>
    </message>
    <message>
        <source>What to send:</source>
        <translation>Qué enviar:</translation>
    </message>
    <message>
        <source>&amp;Profile:</source>
        <translation>&amp;Perfil:</translation>
    </message>
    <message>
        <source>Save &amp;to:</source>
        <translation>&amp;Guardar en:</translation>
    </message>
    <message>
        <source>Export progress</source>
        <translation>Avance de la exportación</translation>
    </message>
    <message>
        <source>E&amp;xport</source>
        <translation>E&amp;xportar</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Cerrar</translation>
    </message>
    <message>
        <source>Export a bundle for partners</source>
        <translation>Exportar un paquete para aliadas</translation>
    </message>
    <message>
        <source>A bundle is one encrypted file that only the chosen partners (and this vault) can open. Take it to them on a USB stick or send it any way you like. People and testimonies go only where their consent allows.</source>
        <translation>Un paquete es un solo archivo cifrado que solo las aliadas elegidas (y esta bóveda) pueden abrir. Llévelo en una memoria USB o envíelo como prefiera. Las personas y los testimonios van solo adonde su consentimiento lo permite.</translation>
    </message>
    <message>
        <source>There are no partners yet. Add a partner&apos;s card on the Partners page first.</source>
        <translation>Todavía no hay aliadas. Primero agregue la tarjeta de una aliada en la página Aliadas.</translation>
    </message>
    <message>
        <source>Careful: the fingerprint of %1 was not checked in person. If that card is not really theirs, a stranger could read this bundle. Compare the fingerprint aloud with them (Partners page) before sending.</source>
        <translation>Cuidado: la huella de %1 no se verificó en persona. Si esa tarjeta no es realmente suya, una persona extraña podría leer este paquete. Compare la huella en voz alta con ellas (página Aliadas) antes de enviar.</translation>
    </message>
    <message>
        <source>Save the bundle as</source>
        <translation>Guardar el paquete como</translation>
    </message>
    <message>
        <source>Willay bundles (*.willay)</source>
        <translation>Paquetes de Willay (*.willay)</translation>
    </message>
    <message>
        <source>Tick at least one partner.</source>
        <translation>Marque al menos una aliada.</translation>
    </message>
    <message>
        <source>Choose where to save the bundle.</source>
        <translation>Elija dónde guardar el paquete.</translation>
    </message>
    <message>
        <source>Sealing the bundle…</source>
        <translation>Sellando el paquete…</translation>
    </message>
    <message>
        <source>Sealing the bundle… %1 of originals</source>
        <translation>Sellando el paquete… %1 de originales</translation>
    </message>
    <message>
        <source>Bundle for %1 saved.</source>
        <translation>Paquete para %1 guardado.</translation>
    </message>
    <message>
        <source>Changes: %1 · Photos and files: %2</source>
        <translation>Cambios: %1 · Fotos y archivos: %2</translation>
    </message>
    <message>
        <source>There was nothing new for them.</source>
        <translation>No había nada nuevo para ellas.</translation>
    </message>
    <message>
        <source>Records kept here because their consent does not reach this partner: %1</source>
        <translation>Registros que se quedaron aquí porque su consentimiento no alcanza a esta aliada: %1</translation>
    </message>
    <message>
        <source>Anonymized: pseudonyms, coarse places, photos without their metadata; no recordings or videos, which carry voices and faces.</source>
        <translation>Anonimizado: seudónimos, lugares aproximados, fotos sin sus metadatos; sin grabaciones ni videos, que llevan voces y rostros.</translation>
    </message>
    <message>
        <source>File: %1</source>
        <translation>Archivo: %1</translation>
    </message>
    <message>
        <source>Export cancelled; no bundle was written.</source>
        <translation>Exportación cancelada; no se escribió ningún paquete.</translation>
    </message>
    <message>
        <source>The bundle was not written: %1</source>
        <translation>No se escribió el paquete: %1</translation>
    </message>
</context>
<context>
    <name>FieldSetEditor</name>
    <message>
        <source>New field set</source>
        <translation>Nuevo formulario</translation>
    </message>
    <message>
        <source>Next version of %1</source>
        <translation>Siguiente versión de %1</translation>
    </message>
    <message>
        <source>Field set id</source>
        <translation>Identificador del formulario</translation>
    </message>
    <message>
        <source>Name in Spanish</source>
        <translation>Nombre en español</translation>
    </message>
    <message>
        <source>Name in English</source>
        <translation>Nombre en inglés</translation>
    </message>
    <message>
        <source>Organization</source>
        <translation>Organización</translation>
    </message>
    <message>
        <source>Fields</source>
        <translation>Campos</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>Clave</translation>
    </message>
    <message>
        <source>Label (Spanish)</source>
        <translation>Etiqueta (español)</translation>
    </message>
    <message>
        <source>Label (English)</source>
        <translation>Etiqueta (inglés)</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Tipo</translation>
    </message>
    <message>
        <source>For</source>
        <translation>Para</translation>
    </message>
    <message>
        <source>Who may see it</source>
        <translation>Quién puede verlo</translation>
    </message>
    <message>
        <source>Required</source>
        <translation>Obligatorio</translation>
    </message>
    <message>
        <source>No longer asked</source>
        <translation>Ya no se pregunta</translation>
    </message>
    <message>
        <source>&amp;Add a field</source>
        <translation>&amp;Agregar un campo</translation>
    </message>
    <message>
        <source>Move &amp;up</source>
        <translation>S&amp;ubir</translation>
    </message>
    <message>
        <source>Move do&amp;wn</source>
        <translation>Ba&amp;jar</translation>
    </message>
    <message>
        <source>&amp;Remove a new field</source>
        <translation>Quita&amp;r un campo nuevo</translation>
    </message>
    <message>
        <source>Choices of the chosen field</source>
        <translation>Opciones del campo elegido</translation>
    </message>
    <message>
        <source>One per line: code | Spanish | English
firearm | Arma de fuego | Firearm</source>
        <translation>Una por línea: código | español | inglés
firearm | Arma de fuego | Firearm</translation>
    </message>
    <message>
        <source>Preview the fields of</source>
        <translation>Ver cómo quedan los campos de</translation>
    </message>
    <message>
        <source>incidents</source>
        <translation>incidentes</translation>
    </message>
    <message>
        <source>people</source>
        <translation>personas</translation>
    </message>
    <message>
        <source>testimonies</source>
        <translation>testimonios</translation>
    </message>
    <message>
        <source>&amp;Id (never changes):</source>
        <translation>&amp;Identificador (nunca cambia):</translation>
    </message>
    <message>
        <source>Name in &amp;Spanish:</source>
        <translation>Nombre en e&amp;spañol:</translation>
    </message>
    <message>
        <source>Name in &amp;English:</source>
        <translation>Nombre en i&amp;nglés:</translation>
    </message>
    <message>
        <source>&amp;Organization:</source>
        <translation>&amp;Organización:</translation>
    </message>
    <message>
        <source>C&amp;hoices of the chosen field:</source>
        <translation>O&amp;pciones del campo elegido:</translation>
    </message>
    <message>
        <source>A field keeps its key and its meaning in every later version: retire it (“no longer asked”) instead of removing it. Tables and links to records come from forms imported from a file.</source>
        <translation>Un campo conserva su clave y su sentido en todas las versiones siguientes: retírelo («ya no se pregunta») en vez de quitarlo. Las tablas y los enlaces a registros vienen de formularios importados de un archivo.</translation>
    </message>
    <message>
        <source>Fields &amp;of:</source>
        <translation>Campos &amp;de:</translation>
    </message>
    <message>
        <source>Preview</source>
        <translation>Vista previa</translation>
    </message>
    <message>
        <source>A field of an earlier version is never removed; tick “No longer asked” instead.</source>
        <translation>Un campo de una versión anterior nunca se quita; marque «Ya no se pregunta».</translation>
    </message>
    <message>
        <source>The choices of %1, line %2: write code | Spanish | English.</source>
        <translation>Las opciones de %1, línea %2: escriba código | español | inglés.</translation>
    </message>
</context>
<context>
    <name>FieldSetsDialog</name>
    <message>
        <source>Your organization&apos;s field sets</source>
        <translation>Los formularios de su organización</translation>
    </message>
    <message>
        <source>Field sets held in this vault</source>
        <translation>Formularios que tiene esta bóveda</translation>
    </message>
    <message>
        <source>&amp;New field set…</source>
        <translation>&amp;Nuevo formulario…</translation>
    </message>
    <message>
        <source>&amp;Import from a file…</source>
        <translation>&amp;Importar de un archivo…</translation>
    </message>
    <message>
        <source>An ODK form&apos;s questions are about</source>
        <translation>Las preguntas de un formulario de ODK son sobre</translation>
    </message>
    <message>
        <source>incidents</source>
        <translation>incidentes</translation>
    </message>
    <message>
        <source>people</source>
        <translation>personas</translation>
    </message>
    <message>
        <source>testimonies</source>
        <translation>testimonios</translation>
    </message>
    <message>
        <source>Ne&amp;xt version…</source>
        <translation>Siguiente &amp;versión…</translation>
    </message>
    <message>
        <source>&amp;Use for new records</source>
        <translation>&amp;Usar para registros nuevos</translation>
    </message>
    <message>
        <source>&amp;Write to a file…</source>
        <translation>&amp;Escribir en un archivo…</translation>
    </message>
    <message>
        <source>ODK form &amp;questions are about:</source>
        <translation>Las &amp;preguntas de ODK son sobre:</translation>
    </message>
    <message>
        <source>A field set adds your organization&apos;s own questions to incidents, people and testimonies. Its values travel to partners only where each field&apos;s “who may see it” reaches them.</source>
        <translation>Un formulario agrega las preguntas propias de su organización a incidentes, personas y testimonios. Sus respuestas viajan a las aliadas solo adonde llega el «quién puede verlo» de cada campo.</translation>
    </message>
    <message>
        <source>in use</source>
        <translation>en uso</translation>
    </message>
    <message>
        <source>%1 — version %2</source>
        <translation>%1 — versión %2</translation>
    </message>
    <message>
        <source>This vault holds no field set yet. Make one, or import your organization&apos;s form from a file (a Willay field set, or an ODK form in .xlsx).</source>
        <translation>Esta bóveda aún no tiene ningún formulario. Haga uno, o importe el de su organización desde un archivo (un formulario de Willay, o uno de ODK en .xlsx).</translation>
    </message>
    <message>
        <source>Incidents</source>
        <translation>Incidentes</translation>
    </message>
    <message>
        <source>People</source>
        <translation>Personas</translation>
    </message>
    <message>
        <source>Testimonies</source>
        <translation>Testimonios</translation>
    </message>
    <message>
        <source>required</source>
        <translation>obligatorio</translation>
    </message>
    <message>
        <source>no longer asked</source>
        <translation>ya no se pregunta</translation>
    </message>
    <message>
        <source>Field set kept.</source>
        <translation>Formulario guardado.</translation>
    </message>
    <message>
        <source>Import a field set</source>
        <translation>Importar un formulario</translation>
    </message>
    <message>
        <source>Field sets and ODK forms (*.json *.xlsx)</source>
        <translation>Formularios de Willay y de ODK (*.json *.xlsx)</translation>
    </message>
    <message>
        <source>%1, version %2, kept.</source>
        <translation>%1, versión %2, guardado.</translation>
    </message>
    <message>
        <source>Left out: %1.</source>
        <translation>Dejadas fuera: %1.</translation>
    </message>
    <message>
        <source>Questions Willay cannot take</source>
        <translation>Preguntas que Willay no puede recibir</translation>
    </message>
    <message>
        <source>Import the &amp;rest</source>
        <translation>Importar el &amp;resto</translation>
    </message>
    <message>
        <source>New records are filled in with %1.</source>
        <translation>Los registros nuevos se llenan con %1.</translation>
    </message>
    <message>
        <source>Write the field set to a file</source>
        <translation>Escribir el formulario en un archivo</translation>
    </message>
    <message>
        <source>Written to %1.</source>
        <translation>Escrito en %1.</translation>
    </message>
</context>
<context>
    <name>Fields</name>
    <message>
        <source>Title</source>
        <translation>Título</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Fecha</translation>
    </message>
    <message>
        <source>Place</source>
        <translation>Lugar</translation>
    </message>
    <message>
        <source>Violations</source>
        <translation>Violaciones</translation>
    </message>
    <message>
        <source>Alleged perpetrators</source>
        <translation>Presuntos responsables</translation>
    </message>
    <message>
        <source>Killed</source>
        <translation>Fallecidos</translation>
    </message>
    <message>
        <source>Injured</source>
        <translation>Heridos</translation>
    </message>
    <message>
        <source>Detained</source>
        <translation>Detenidos</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Estado</translation>
    </message>
    <message>
        <source>Narrative</source>
        <translation>Relato</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>Notas</translation>
    </message>
    <message>
        <source>Full name</source>
        <translation>Nombre completo</translation>
    </message>
    <message>
        <source>Pseudonym</source>
        <translation>Seudónimo</translation>
    </message>
    <message>
        <source>Sex or gender</source>
        <translation>Sexo o género</translation>
    </message>
    <message>
        <source>Age</source>
        <translation>Edad</translation>
    </message>
    <message>
        <source>Age range</source>
        <translation>Rango de edad</translation>
    </message>
    <message>
        <source>Community</source>
        <translation>Comunidad</translation>
    </message>
    <message>
        <source>Indigenous people</source>
        <translation>Pueblo indígena</translation>
    </message>
    <message>
        <source>Languages</source>
        <translation>Idiomas</translation>
    </message>
    <message>
        <source>Roles</source>
        <translation>Roles</translation>
    </message>
    <message>
        <source>Contact</source>
        <translation>Contacto</translation>
    </message>
    <message>
        <source>Consent</source>
        <translation>Consentimiento</translation>
    </message>
    <message>
        <source>Incidents</source>
        <translation>Hechos</translation>
    </message>
    <message>
        <source>Witness</source>
        <translation>Testigo</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Idioma</translation>
    </message>
    <message>
        <source>Recorded on</source>
        <translation>Registrado el</translation>
    </message>
    <message>
        <source>Recorded at</source>
        <translation>Registrado en</translation>
    </message>
    <message>
        <source>Interviewer</source>
        <translation>Entrevistador(a)</translation>
    </message>
    <message>
        <source>Transcript</source>
        <translation>Transcripción</translation>
    </message>
    <message>
        <source>Translation</source>
        <translation>Traducción</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>Registro</translation>
    </message>
    <message>
        <source>Kind of record</source>
        <translation>Tipo de registro</translation>
    </message>
    <message>
        <source>Who may see it</source>
        <translation>Quién puede verlo</translation>
    </message>
    <message>
        <source>Field set</source>
        <translation>Formulario</translation>
    </message>
</context>
<context>
    <name>HubBox</name>
    <message>
        <source>Open your organization&apos;s hub</source>
        <translation>Abrir el servidor central de su organización</translation>
    </message>
    <message>
        <source>Address of the hub</source>
        <translation>Dirección del servidor central</translation>
    </message>
    <message>
        <source>Your name on the hub</source>
        <translation>Su nombre en el servidor central</translation>
    </message>
    <message>
        <source>Your passphrase on the hub</source>
        <translation>Su frase de paso en el servidor central</translation>
    </message>
    <message>
        <source>Open the h&amp;ub</source>
        <translation>Abrir el servidor cen&amp;tral</translation>
    </message>
    <message>
        <source>Open the hub</source>
        <translation>Abrir el servidor central</translation>
    </message>
    <message>
        <source>Opening the hub</source>
        <translation>Abriendo el servidor central</translation>
    </message>
    <message>
        <source>Hub a&amp;ddress:</source>
        <translation>&amp;Dirección:</translation>
    </message>
    <message>
        <source>Coordina&amp;tor:</source>
        <translation>&amp;Persona coordinadora:</translation>
    </message>
    <message>
        <source>Pa&amp;ssphrase:</source>
        <translation>Frase de pa&amp;so:</translation>
    </message>
    <message>
        <source>A hub is your organization&apos;s archive on a PostgreSQL server, shared by its coordinators. Willay remembers its address and your name, never a password: the database&apos;s own password goes in ~/.pgpass or PGPASSWORD.</source>
        <translation>Un servidor central es el archivo de su organización en un servidor PostgreSQL, compartido por sus personas coordinadoras. Willay recuerda su dirección y su nombre, nunca una contraseña: la contraseña de la base de datos va en ~/.pgpass o en PGPASSWORD.</translation>
    </message>
    <message>
        <source>Type the hub&apos;s address, such as %1.</source>
        <translation>Escriba la dirección del servidor central, por ejemplo %1.</translation>
    </message>
    <message>
        <source>Type your passphrase on the hub.</source>
        <translation>Escriba su frase de paso en el servidor central.</translation>
    </message>
    <message>
        <source>Check the name, the keyboard layout and Caps Lock, and try again.</source>
        <translation>Revise el nombre, la distribución del teclado y las mayúsculas, e intente de nuevo.</translation>
    </message>
</context>
<context>
    <name>IdentityTab</name>
    <message>
        <source>QR code of my card</source>
        <translation>Código QR de mi tarjeta</translation>
    </message>
    <message>
        <source>&amp;Save my card as…</source>
        <translation>&amp;Guardar mi tarjeta como…</translation>
    </message>
    <message>
        <source>Save my card to a file</source>
        <translation>Guardar mi tarjeta en un archivo</translation>
    </message>
    <message>
        <source>(no name)</source>
        <translation>(sin nombre)</translation>
    </message>
    <message>
        <source>Give your card to partners in person (a file on a USB stick, or this QR code). Then read this fingerprint aloud together: if it matches what they see, the card is really yours.</source>
        <translation>Entregue su tarjeta a las organizaciones aliadas en persona (un archivo en una memoria USB, o este código QR). Luego lean juntos esta huella en voz alta: si coincide con lo que ven, la tarjeta es realmente suya.</translation>
    </message>
    <message>
        <source>Save my card</source>
        <translation>Guardar mi tarjeta</translation>
    </message>
    <message>
        <source>Willay cards (*.json)</source>
        <translation>Tarjetas de Willay (*.json)</translation>
    </message>
    <message>
        <source>Could not write %1: %2</source>
        <translation>No se pudo escribir %1: %2</translation>
    </message>
    <message>
        <source>Card saved to %s.</source>
        <translation>Tarjeta guardada en %s.</translation>
    </message>
</context>
<context>
    <name>ImportDialog</name>
    <message>
        <source>Import a bundle</source>
        <translation>Importar un paquete</translation>
    </message>
    <message>
        <source>Bundle file</source>
        <translation>Archivo del paquete</translation>
    </message>
    <message>
        <source>C&amp;hoose…</source>
        <translation>&amp;Elegir…</translation>
    </message>
    <message>
        <source>&amp;File:</source>
        <translation>A&amp;rchivo:</translation>
    </message>
    <message>
        <source>Import progress</source>
        <translation>Avance de la importación</translation>
    </message>
    <message>
        <source>Check and &amp;import</source>
        <translation>Verificar e &amp;importar</translation>
    </message>
    <message>
        <source>Import &amp;anyway</source>
        <translation>Importar de &amp;todos modos</translation>
    </message>
    <message>
        <source>&amp;Purge delivered originals…</source>
        <translation>&amp;Purgar originales entregados…</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Cerrar</translation>
    </message>
    <message>
        <source>Import a bundle from a partner</source>
        <translation>Importar un paquete de una aliada</translation>
    </message>
    <message>
        <source>Willay first checks who signed the bundle, that nothing in it was altered, and that it was made for you. Only then does it add what is new. If any check fails, nothing in your vault changes.</source>
        <translation>Willay verifica primero quién firmó el paquete, que nada en él fue alterado y que fue hecho para usted. Solo entonces agrega lo nuevo. Si alguna verificación falla, nada cambia en su bóveda.</translation>
    </message>
    <message>
        <source>Bundle to import</source>
        <translation>Paquete a importar</translation>
    </message>
    <message>
        <source>Willay bundles (*.willay);;All files (*)</source>
        <translation>Paquetes de Willay (*.willay);;Todos los archivos (*)</translation>
    </message>
    <message>
        <source>Choose the bundle file first.</source>
        <translation>Primero elija el archivo del paquete.</translation>
    </message>
    <message>
        <source>Checking the bundle…</source>
        <translation>Verificando el paquete…</translation>
    </message>
    <message>
        <source>Checking and storing… %1</source>
        <translation>Verificando y guardando… %1</translation>
    </message>
    <message>
        <source>Checked: this bundle comes from %1 (fingerprint %2), it was not altered, and it is for you.</source>
        <translation>Verificado: este paquete viene de %1 (huella %2), no fue alterado y es para usted.</translation>
    </message>
    <message>
        <source>You have not yet compared this partner&apos;s fingerprint in person; do it at your next meeting (Partners page).</source>
        <translation>Todavía no comparó en persona la huella de esta aliada; hágalo en su próxima reunión (página Aliadas).</translation>
    </message>
    <message>
        <source>You imported this bundle before. This copy was read in full again and every part matches what you imported; nothing changed.</source>
        <translation>Ya había importado este paquete. Esta copia se leyó de nuevo completa y cada parte coincide con lo que importó; no cambió nada.</translation>
    </message>
    <message>
        <source>Each change carries the signature of the person who wrote it, and every signature was checked (changes: %1). Written by: %2.</source>
        <translation>Cada cambio lleva la firma de la persona que lo escribió, y se comprobaron todas las firmas (cambios: %1). Escrito por: %2.</translation>
    </message>
    <message>
        <source>It was imported although it is older than the last bundle from them, as you asked.</source>
        <translation>Se importó aunque es más antiguo que el último paquete de esa aliada, como usted pidió.</translation>
    </message>
    <message>
        <source>%1 confirmed receiving what you sent (items: %2). You may now free space on this computer: Purge delivered originals.</source>
        <translation>%1 confirmó haber recibido lo que usted envió (elementos: %2). Ahora puede liberar espacio en esta computadora: Purgar originales entregados.</translation>
    </message>
    <message>
        <source>New changes: %1</source>
        <translation>Cambios nuevos: %1</translation>
    </message>
    <message>
        <source>Already known: %1</source>
        <translation>Ya conocidos: %1</translation>
    </message>
    <message>
        <source>New photos and files: %1</source>
        <translation>Fotos y archivos nuevos: %1</translation>
    </message>
    <message>
        <source>Records merged automatically: %1</source>
        <translation>Registros combinados automáticamente: %1</translation>
    </message>
    <message>
        <source>New conflicts: %1 (records changed differently here and there).</source>
        <translation>Conflictos nuevos: %1 (registros cambiados de distinta forma aquí y allá).</translation>
    </message>
    <message>
        <source>Resolve them in the Inbox</source>
        <translation>Resuélvalos en la Bandeja de entrada</translation>
    </message>
    <message>
        <source>No conflicts.</source>
        <translation>Sin conflictos.</translation>
    </message>
    <message>
        <source>Import cancelled; nothing was changed.</source>
        <translation>Importación cancelada; nada cambió.</translation>
    </message>
    <message>
        <source>This bundle is not newer than the last one you imported from this partner. It may be an old copy, or someone may be showing you an old bundle again. Nothing was changed. If you know it is a bundle you have not imported (for example, bundles arrived out of order), choose Import anyway.</source>
        <translation>Este paquete no es más nuevo que el último que importó de esta aliada. Puede ser una copia antigua, o alguien puede estar mostrándole otra vez un paquete viejo. Nada cambió. Si sabe que es un paquete que no ha importado (por ejemplo, los paquetes llegaron en desorden), elija Importar de todos modos.</translation>
    </message>
    <message>
        <source>Not imported: %1</source>
        <translation>No se importó: %1</translation>
    </message>
    <message>
        <source>This bundle could not be verified.</source>
        <translation>No se pudo verificar este paquete.</translation>
    </message>
    <message>
        <source>It was not made for you: only the partners it was sealed for can open it. Ask the sender to export a bundle for you.</source>
        <translation>No fue hecho para usted: solo pueden abrirlo las aliadas para las que se selló. Pida a quien lo envió que exporte un paquete para usted.</translation>
    </message>
    <message>
        <source>It is signed by someone who is not among your partners. If you expected it, meet the sender, compare their fingerprint aloud, add their card on the Partners page, and import again.</source>
        <translation>Lo firmó alguien que no está entre sus aliadas. Si lo esperaba, reúnase con quien lo envió, comparen la huella en voz alta, agregue su tarjeta en la página Aliadas e importe otra vez.</translation>
    </message>
    <message>
        <source>It was written by this vault; there is nothing to import.</source>
        <translation>Lo escribió esta misma bóveda; no hay nada que importar.</translation>
    </message>
    <message>
        <source>It was made by an earlier version of Willay, whose changes do not carry the signature of the person who wrote them. Ask the sender to update Willay and send you a new bundle.</source>
        <translation>Lo hizo una versión anterior de Willay, cuyos cambios no llevan la firma de quien los escribió. Pida a quien lo envió que actualice Willay y le mande un paquete nuevo.</translation>
    </message>
    <message>
        <source>This partner already sent you a different bundle with the same number. This one may have been altered; ask the sender which one is right.</source>
        <translation>Esta organización aliada ya le envió otro paquete con el mismo número. Este puede haber sido alterado; pregunte a quien lo envió cuál es el correcto.</translation>
    </message>
    <message>
        <source>It holds a change that claims to be written by someone whose signature it does not carry. Someone may be trying to put words in another person&apos;s mouth. Tell the sender, in person.</source>
        <translation>Contiene un cambio que dice ser de alguien cuya firma no lleva. Alguien podría estar atribuyendo a otra persona palabras que no dijo. Avise a quien lo envió, en persona.</translation>
    </message>
    <message>
        <source>It was altered or damaged on the way, or it is not a Willay bundle.</source>
        <translation>Fue alterado o se dañó en el camino, o no es un paquete de Willay.</translation>
    </message>
    <message>
        <source>Details: %1</source>
        <translation>Detalles: %1</translation>
    </message>
    <message>
        <source>Nothing in your vault was changed.</source>
        <translation>Nada cambió en su bóveda.</translation>
    </message>
</context>
<context>
    <name>InboxPage</name>
    <message>
        <source>&amp;Import a bundle…</source>
        <translation>&amp;Importar un paquete…</translation>
    </message>
    <message>
        <source>Import a bundle (Ctrl+I)</source>
        <translation>Importar un paquete (Ctrl+I)</translation>
    </message>
    <message>
        <source>E&amp;xport a bundle…</source>
        <translation>E&amp;xportar un paquete…</translation>
    </message>
    <message>
        <source>Export a bundle (Ctrl+E)</source>
        <translation>Exportar un paquete (Ctrl+E)</translation>
    </message>
    <message>
        <source>&amp;Verify the hub…</source>
        <translation>&amp;Verificar el servidor central…</translation>
    </message>
    <message>
        <source>&amp;Verify the vault…</source>
        <translation>&amp;Verificar la bóveda…</translation>
    </message>
    <message>
        <source>Inbox</source>
        <translation>Bandeja de entrada</translation>
    </message>
    <message>
        <source>Open conflicts</source>
        <translation>Conflictos abiertos</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>Registro</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Tipo</translation>
    </message>
    <message>
        <source>Fields in dispute</source>
        <translation>Campos en disputa</translation>
    </message>
    <message>
        <source>Versions by</source>
        <translation>Versiones de</translation>
    </message>
    <message>
        <source>Last change</source>
        <translation>Último cambio</translation>
    </message>
    <message>
        <source>&amp;Resolve…</source>
        <translation>&amp;Resolver…</translation>
    </message>
    <message>
        <source>No conflicts: every record has one current version.</source>
        <translation>Sin conflictos: cada registro tiene una sola versión vigente.</translation>
    </message>
    <message>
        <source>A conflict happens when a record was changed in two places in different ways. Changes to different fields are combined by themselves; here are the ones that need a person to choose.</source>
        <translation>Hay un conflicto cuando un registro se cambió en dos lugares de distinta forma. Los cambios en campos distintos se combinan solos; aquí están los que necesitan que una persona elija.</translation>
    </message>
    <message>
        <source>Bundles received</source>
        <translation>Paquetes recibidos</translation>
    </message>
    <message>
        <source>Imported</source>
        <translation>Importado</translation>
    </message>
    <message>
        <source>From</source>
        <translation>De</translation>
    </message>
    <message>
        <source>What</source>
        <translation>Qué</translation>
    </message>
    <message>
        <source>Number</source>
        <translation>Número</translation>
    </message>
    <message>
        <source>Contents</source>
        <translation>Contenido</translation>
    </message>
    <message>
        <source>&amp;Write receipt…</source>
        <translation>Escribir &amp;acuse de recibo…</translation>
    </message>
    <message>
        <source>Confirm to the sender what arrived, so they can free space on their computer</source>
        <translation>Confirmar a quien lo envió lo que llegó, para que pueda liberar espacio en su computadora</translation>
    </message>
    <message>
        <source>&amp;Purge delivered originals…</source>
        <translation>&amp;Purgar originales entregados…</translation>
    </message>
    <message>
        <source>Bundles sent</source>
        <translation>Paquetes enviados</translation>
    </message>
    <message>
        <source>Written</source>
        <translation>Escrito</translation>
    </message>
    <message>
        <source>To</source>
        <translation>Para</translation>
    </message>
    <message>
        <source>Profile</source>
        <translation>Perfil</translation>
    </message>
    <message>
        <source>Changes</source>
        <translation>Cambios</translation>
    </message>
    <message>
        <source>Photos and files</source>
        <translation>Fotos y archivos</translation>
    </message>
    <message>
        <source>Incident</source>
        <translation>Hecho</translation>
    </message>
    <message>
        <source>Person</source>
        <translation>Persona</translation>
    </message>
    <message>
        <source>Testimony</source>
        <translation>Testimonio</translation>
    </message>
    <message>
        <source>Media</source>
        <translation>Archivo</translation>
    </message>
    <message>
        <source>Organization&apos;s fields</source>
        <translation>Campos de la organización</translation>
    </message>
    <message>
        <source>Field set</source>
        <translation>Formulario</translation>
    </message>
    <message>
        <source>deleted on one side, edited on the other</source>
        <translation>borrado de un lado, editado del otro</translation>
    </message>
    <message>
        <source>Conflicts (%1)</source>
        <translation>Conflictos (%1)</translation>
    </message>
    <message>
        <source>Receipt</source>
        <translation>Acuse de recibo</translation>
    </message>
    <message>
        <source>Bundle</source>
        <translation>Paquete</translation>
    </message>
    <message>
        <source>Received (%1)</source>
        <translation>Recibidos (%1)</translation>
    </message>
    <message>
        <source>Full evidence</source>
        <translation>Evidencia completa</translation>
    </message>
    <message>
        <source>Anonymized</source>
        <translation>Anonimizada</translation>
    </message>
    <message>
        <source>Sent (%1)</source>
        <translation>Enviados (%1)</translation>
    </message>
    <message>
        <source>Originals confirmed received by partners, which can be removed here: %1 (%2)</source>
        <translation>Originales que las aliadas confirmaron haber recibido y que se pueden quitar de aquí: %1 (%2)</translation>
    </message>
    <message>
        <source>%1 (here)</source>
        <translation>%1 (aquí)</translation>
    </message>
    <message>
        <source>Not yet</source>
        <translation>Todavía no</translation>
    </message>
    <message>
        <source>Items confirmed received: %1</source>
        <translation>Elementos confirmados como recibidos: %1</translation>
    </message>
    <message>
        <source>New changes: %1</source>
        <translation>Cambios nuevos: %1</translation>
    </message>
    <message>
        <source>already known: %1</source>
        <translation>ya conocidos: %1</translation>
    </message>
    <message>
        <source>new photos and files: %1</source>
        <translation>fotos y archivos nuevos: %1</translation>
    </message>
    <message>
        <source>merged: %1</source>
        <translation>combinados: %1</translation>
    </message>
    <message>
        <source>conflicts: %1</source>
        <translation>conflictos: %1</translation>
    </message>
    <message>
        <source>Checked on import: the partner&apos;s signature and every part of it.</source>
        <translation>Comprobado al importar: la firma de la organización aliada y cada parte del paquete.</translation>
    </message>
    <message>
        <source>Checked on import: the partner&apos;s signature, every part against its signed list of contents, and the signature of the person who wrote each change (changes: %1; written by: %2).</source>
        <translation>Comprobado al importar: la firma de la organización aliada, cada parte contra su lista firmada de contenido y la firma de la persona que escribió cada cambio (cambios: %1; escrito por: %2).</translation>
    </message>
    <message>
        <source>Write receipt</source>
        <translation>Escribir acuse de recibo</translation>
    </message>
    <message>
        <source>Bundles from %1 without a receipt: %2. One receipt can confirm all of them, so %1 can free space for every one at once.</source>
        <translation>Paquetes de %1 sin acuse de recibo: %2. Un solo acuse puede confirmarlos todos, para que %1 libere espacio de todos a la vez.</translation>
    </message>
    <message>
        <source>For all %1</source>
        <translation>Para los %1</translation>
    </message>
    <message>
        <source>Only this one</source>
        <translation>Solo este</translation>
    </message>
    <message>
        <source>Save the receipt as</source>
        <translation>Guardar el acuse de recibo como</translation>
    </message>
    <message>
        <source>Willay bundles (*.willay)</source>
        <translation>Paquetes de Willay (*.willay)</translation>
    </message>
    <message>
        <source>One receipt for %1 bundles from %2 saved to %3 (items confirmed: %4). Give it to them; they can then free space on their computer.</source>
        <translation>Un acuse de recibo para %1 paquetes de %2 guardado en %3 (elementos confirmados: %4). Entrégueselo; así podrá liberar espacio en su computadora.</translation>
    </message>
    <message>
        <source>Receipt for %1 saved to %2 (items confirmed: %3). Give it to them; they can then free space on their computer.</source>
        <translation>Acuse de recibo para %1 guardado en %2 (elementos confirmados: %3). Entrégueselo; así podrá liberar espacio en su computadora.</translation>
    </message>
    <message>
        <source>Originals not confirmed: %1. Their files here are missing or damaged (check the vault), so %2 keeps the copies.</source>
        <translation>Originales sin confirmar: %1. Sus archivos aquí faltan o están dañados (revise la bóveda), así que %2 conserva las copias.</translation>
    </message>
    <message>
        <source>Purge delivered originals</source>
        <translation>Purgar originales entregados</translation>
    </message>
    <message>
        <source>Partners confirmed receiving these originals: %1 (%2). Purging removes their files from this computer; their records, thumbnails, fingerprints (hashes) and custody log stay, so you can still show what they were and who holds them. You will no longer be able to open or export those originals here.

Purge them now?</source>
        <translation>Las aliadas confirmaron haber recibido estos originales: %1 (%2). Purgar quita sus archivos de esta computadora; sus registros, miniaturas, huellas (hashes) y registro de custodia se quedan, así que podrá seguir mostrando qué eran y quién los tiene. Ya no podrá abrir ni exportar esos originales aquí.

¿Purgarlos ahora?</translation>
    </message>
    <message>
        <source>&amp;Purge</source>
        <translation>&amp;Purgar</translation>
    </message>
    <message>
        <source>Delivered originals removed from this computer: %1 (%2 freed).</source>
        <translation>Originales entregados quitados de esta computadora: %1 (%2 liberados).</translation>
    </message>
</context>
<context>
    <name>IncidentDetail</name>
    <message>
        <source>Created</source>
        <translation>Creado</translation>
    </message>
    <message>
        <source>Revised</source>
        <translation>Revisado</translation>
    </message>
    <message>
        <source>Deleted</source>
        <translation>Eliminado</translation>
    </message>
    <message>
        <source>Original added</source>
        <translation>Original agregado</translation>
    </message>
    <message>
        <source>Original exported</source>
        <translation>Original exportado</translation>
    </message>
    <message>
        <source>Copy derived</source>
        <translation>Copia derivada</translation>
    </message>
    <message>
        <source>Original purged</source>
        <translation>Original purgado</translation>
    </message>
    <message>
        <source>Sent in a bundle</source>
        <translation>Enviado en un paquete</translation>
    </message>
    <message>
        <source>Received in a bundle</source>
        <translation>Recibido en un paquete</translation>
    </message>
    <message>
        <source>Receipt received</source>
        <translation>Acuse recibido</translation>
    </message>
    <message>
        <source>Redacted copy removed</source>
        <translation>Copia con partes ocultas eliminada</translation>
    </message>
    <message>
        <source>Evidence package made</source>
        <translation>Paquete de evidencia creado</translation>
    </message>
    <message>
        <source>Incident summary</source>
        <translation>Resumen del hecho</translation>
    </message>
    <message>
        <source>Testimonies</source>
        <translation>Testimonios</translation>
    </message>
    <message>
        <source>People</source>
        <translation>Personas</translation>
    </message>
    <message>
        <source>Media of the incident</source>
        <translation>Archivos del hecho</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Hora</translation>
    </message>
    <message>
        <source>Changed fields</source>
        <translation>Campos cambiados</translation>
    </message>
    <message>
        <source>History</source>
        <translation>Historial</translation>
    </message>
    <message>
        <source>Event</source>
        <translation>Evento</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>Elemento</translation>
    </message>
    <message>
        <source>Author</source>
        <translation>Autor o autora</translation>
    </message>
    <message>
        <source>Signature</source>
        <translation>Firma</translation>
    </message>
    <message>
        <source>Custody</source>
        <translation>Custodia</translation>
    </message>
    <message>
        <source>SHA-256 of the original</source>
        <translation>SHA-256 del original</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>&amp;Editar</translation>
    </message>
    <message>
        <source>Edit the incident</source>
        <translation>Editar el hecho</translation>
    </message>
    <message>
        <source>Add &amp;testimony…</source>
        <translation>Agregar &amp;testimonio…</translation>
    </message>
    <message>
        <source>Add &amp;files…</source>
        <translation>Agregar &amp;archivos…</translation>
    </message>
    <message>
        <source>Add photos, audio or documents</source>
        <translation>Agregar fotos, audios o documentos</translation>
    </message>
    <message>
        <source>Evidence &amp;package…</source>
        <translation>&amp;Paquete de evidencia…</translation>
    </message>
    <message>
        <source>Write an evidence package of this incident for lawyers</source>
        <translation>Escribir un paquete de evidencia de este hecho para abogados</translation>
    </message>
    <message>
        <source>Drop photos, voice notes, videos or documents here to add them as evidence. The originals are kept encrypted, byte for byte.</source>
        <translation>Suelte aquí fotos, notas de voz, videos o documentos para agregarlos como evidencia. Los originales se guardan cifrados, byte por byte.</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>Resumen</translation>
    </message>
    <message>
        <source>Media</source>
        <translation>Archivos</translation>
    </message>
    <message>
        <source>Choose an incident in the list, or create one with New incident (Ctrl+N).</source>
        <translation>Elija un hecho de la lista, o registre uno con Nuevo hecho (Ctrl+N).</translation>
    </message>
    <message>
        <source>%1 (this vault)</source>
        <translation>%1 (esta bóveda)</translation>
    </message>
    <message>
        <source>Original added again after its purge</source>
        <translation>Original agregado de nuevo tras purgarlo</translation>
    </message>
    <message>
        <source>Original seen</source>
        <translation>Original visto</translation>
    </message>
    <message>
        <source>SHA-256</source>
        <translation>SHA-256</translation>
    </message>
    <message>
        <source>%1 (this hub)</source>
        <translation>%1 (este servidor central)</translation>
    </message>
    <message>
        <source>%1 (vouched for by %2)</source>
        <translation>%1 (avalado por %2)</translation>
    </message>
    <message>
        <source>Checked</source>
        <translation>Comprobada</translation>
    </message>
    <message>
        <source>Signed by its author, %1; the signature was checked.</source>
        <translation>Firmado por su autor, %1; la firma fue comprobada.</translation>
    </message>
    <message>
        <source>this vault</source>
        <translation>esta bóveda</translation>
    </message>
    <message>
        <source>Attested</source>
        <translation>Atestada</translation>
    </message>
    <message>
        <source>Written before changes were signed by their authors: %1 attested that it held this version when Willay was updated, which is not the author&apos;s signature. The attestation was checked.</source>
        <translation>Escrito antes de que los cambios llevaran la firma de quien los escribe: %1 atestó que tenía esta versión cuando se actualizó Willay, lo que no es la firma de quien lo escribió. La atestación fue comprobada.</translation>
    </message>
    <message>
        <source>NOT VALID</source>
        <translation>NO VÁLIDA</translation>
    </message>
    <message>
        <source>The signature does not hold: %1. Use Verify the vault in the Inbox.</source>
        <translation>La firma no es válida: %1. Use Verificar la bóveda en la Bandeja de entrada.</translation>
    </message>
    <message>
        <source>Copy SHA-256</source>
        <translation>Copiar SHA-256</translation>
    </message>
    <message>
        <source>%1 (%2 to transcribe)</source>
        <translation>%1 (%2 por transcribir)</translation>
    </message>
    <message>
        <source>Choose where to write the evidence package</source>
        <translation>Elija dónde escribir el paquete de evidencia</translation>
    </message>
    <message>
        <source>Writing the package…</source>
        <translation>Escribiendo el paquete…</translation>
    </message>
    <message>
        <source>The evidence package was written to %1: %2 originals, byte for byte, and %3 signed record files, with a PDF summary and the custody log.</source>
        <translation>El paquete de evidencia se escribió en %1: %2 originales, idénticos byte a byte, y %3 archivos de registros firmados, con un resumen en PDF y la cadena de custodia.</translation>
    </message>
    <message>
        <source>%1 testimonies or people were left out: their consent does not cover legal use. The summary names them by id only.</source>
        <translation>Se omitieron %1 testimonios o personas: su consentimiento no cubre el uso legal. El resumen los nombra solo por su id.</translation>
    </message>
    <message>
        <source>The folder is not encrypted: keep it safe. To check it, run inside it: sha256sum -c SHA256SUMS and minisign -Vm SHA256SUMS -p minisign.pub</source>
        <translation>La carpeta no está cifrada: guárdela en lugar seguro. Para comprobarla, ejecute dentro de ella: sha256sum -c SHA256SUMS y minisign -Vm SHA256SUMS -p minisign.pub</translation>
    </message>
    <message>
        <source>Evidence package</source>
        <translation>Paquete de evidencia</translation>
    </message>
    <message>
        <source>exact day</source>
        <translation>día exacto</translation>
    </message>
    <message>
        <source>month</source>
        <translation>mes</translation>
    </message>
    <message>
        <source>approximate</source>
        <translation>aproximada</translation>
    </message>
    <message>
        <source>Occurred</source>
        <translation>Ocurrió</translation>
    </message>
    <message>
        <source>District</source>
        <translation>Distrito</translation>
    </message>
    <message>
        <source>Place</source>
        <translation>Lugar</translation>
    </message>
    <message>
        <source>Coordinates</source>
        <translation>Coordenadas</translation>
    </message>
    <message>
        <source>Violations</source>
        <translation>Violaciones</translation>
    </message>
    <message>
        <source>Perpetrators</source>
        <translation>Presuntos responsables</translation>
    </message>
    <message>
        <source>Killed</source>
        <translation>Fallecidos</translation>
    </message>
    <message>
        <source>Injured</source>
        <translation>Heridos</translation>
    </message>
    <message>
        <source>Detained</source>
        <translation>Detenidos</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Estado</translation>
    </message>
    <message>
        <source>deleted</source>
        <translation>eliminado</translation>
    </message>
    <message>
        <source>Author&apos;s fingerprint: %1</source>
        <translation>Huella del autor: %1</translation>
    </message>
    <message>
        <source>%1, by %2</source>
        <translation>%1, por %2</translation>
    </message>
    <message>
        <source>incident</source>
        <translation>hecho</translation>
    </message>
    <message>
        <source>SHA-256 of the original: %1 (right-click to copy)</source>
        <translation>SHA-256 del original: %1 (clic derecho para copiar)</translation>
    </message>
</context>
<context>
    <name>IncidentEditor</name>
    <message>
        <source>Edit incident</source>
        <translation>Editar hecho</translation>
    </message>
    <message>
        <source>New incident</source>
        <translation>Nuevo hecho</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Título</translation>
    </message>
    <message>
        <source>Date it occurred</source>
        <translation>Fecha en que ocurrió</translation>
    </message>
    <message>
        <source>Date precision</source>
        <translation>Precisión de la fecha</translation>
    </message>
    <message>
        <source>Exact day</source>
        <translation>Día exacto</translation>
    </message>
    <message>
        <source>Month only</source>
        <translation>Solo el mes</translation>
    </message>
    <message>
        <source>Approximate</source>
        <translation>Aproximada</translation>
    </message>
    <message>
        <source>&amp;Until</source>
        <translation>H&amp;asta</translation>
    </message>
    <message>
        <source>It lasted several days</source>
        <translation>Duró varios días</translation>
    </message>
    <message>
        <source>Last day</source>
        <translation>Último día</translation>
    </message>
    <message>
        <source>District</source>
        <translation>Distrito</translation>
    </message>
    <message>
        <source>Type a district, e.g. juliaca</source>
        <translation>Escriba un distrito, p. ej. juliaca</translation>
    </message>
    <message>
        <source>Place details</source>
        <translation>Detalles del lugar</translation>
    </message>
    <message>
        <source>Bridge, square, road, community…</source>
        <translation>Puente, plaza, carretera, comunidad…</translation>
    </message>
    <message>
        <source>Latitude</source>
        <translation>Latitud</translation>
    </message>
    <message>
        <source>Longitude</source>
        <translation>Longitud</translation>
    </message>
    <message>
        <source>Killed</source>
        <translation>Fallecidos</translation>
    </message>
    <message>
        <source>Injured</source>
        <translation>Heridos</translation>
    </message>
    <message>
        <source>Detained</source>
        <translation>Detenidos</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Estado</translation>
    </message>
    <message>
        <source>Violations</source>
        <translation>Violaciones</translation>
    </message>
    <message>
        <source>Perpetrators</source>
        <translation>Presuntos responsables</translation>
    </message>
    <message>
        <source>Narrative</source>
        <translation>Relato</translation>
    </message>
    <message>
        <source>&amp;Killed:</source>
        <translation>&amp;Fallecidos:</translation>
    </message>
    <message>
        <source>&amp;Injured:</source>
        <translation>&amp;Heridos:</translation>
    </message>
    <message>
        <source>&amp;Detained:</source>
        <translation>&amp;Detenidos:</translation>
    </message>
    <message>
        <source>&amp;Title:</source>
        <translation>&amp;Título:</translation>
    </message>
    <message>
        <source>&amp;Occurred:</source>
        <translation>&amp;Ocurrió:</translation>
    </message>
    <message>
        <source>Di&amp;strict:</source>
        <translation>Di&amp;strito:</translation>
    </message>
    <message>
        <source>Place detai&amp;ls:</source>
        <translation>Detalles del &amp;lugar:</translation>
    </message>
    <message>
        <source>Incident</source>
        <translation>Incidente</translation>
    </message>
    <message>
        <source>Draft without a title</source>
        <translation>Borrador sin título</translation>
    </message>
    <message>
        <source>Coordinates (optional):</source>
        <translation>Coordenadas (opcional):</translation>
    </message>
    <message>
        <source>People affected:</source>
        <translation>Personas afectadas:</translation>
    </message>
    <message>
        <source>St&amp;atus:</source>
        <translation>&amp;Estado:</translation>
    </message>
    <message>
        <source>&amp;Narrative: what happened, in order</source>
        <translation>&amp;Relato: qué pasó, en orden</translation>
    </message>
    <message>
        <source>&amp;Violations</source>
        <translation>&amp;Violaciones</translation>
    </message>
    <message>
        <source>&amp;Perpetrators</source>
        <translation>&amp;Presuntos responsables</translation>
    </message>
    <message>
        <source>Choose the district from the list that appears while you type, or leave it empty and describe the place in Place details.</source>
        <translation>Elija el distrito de la lista que aparece mientras escribe, o déjelo vacío y describa el lugar en Detalles del lugar.</translation>
    </message>
</context>
<context>
    <name>IncidentTableModel</name>
    <message>
        <source>Date</source>
        <translation>Fecha</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Título</translation>
    </message>
    <message>
        <source>Place</source>
        <translation>Lugar</translation>
    </message>
    <message>
        <source>Killed</source>
        <translation>Fallecidos</translation>
    </message>
    <message>
        <source>Injured</source>
        <translation>Heridos</translation>
    </message>
    <message>
        <source>Detained</source>
        <translation>Detenidos</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Estado</translation>
    </message>
</context>
<context>
    <name>IncidentsPage</name>
    <message>
        <source>Incidents</source>
        <translation>Hechos</translation>
    </message>
    <message>
        <source>&amp;New incident</source>
        <translation>&amp;Nuevo hecho</translation>
    </message>
    <message>
        <source>New incident</source>
        <translation>Nuevo hecho</translation>
    </message>
    <message>
        <source>Incidents: %1</source>
        <translation>Hechos: %1</translation>
    </message>
</context>
<context>
    <name>Intake</name>
    <message>
        <source>Encrypting the files into the vault…</source>
        <translation>Cifrando los archivos en la bóveda…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <source>Adding files</source>
        <translation>Agregando archivos</translation>
    </message>
    <message>
        <source>Files not added</source>
        <translation>Archivos no agregados</translation>
    </message>
</context>
<context>
    <name>KindPanel</name>
    <message>
        <source>Possible duplicate incidents</source>
        <translation>Posibles hechos duplicados</translation>
    </message>
    <message>
        <source>Possible duplicate people</source>
        <translation>Posibles personas duplicadas</translation>
    </message>
    <message>
        <source>One record</source>
        <translation>Un registro</translation>
    </message>
    <message>
        <source>The other record</source>
        <translation>El otro registro</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>Por qué</translation>
    </message>
    <message>
        <source>&amp;Same event</source>
        <translation>&amp;Mismo hecho</translation>
    </message>
    <message>
        <source>&amp;Same person</source>
        <translation>&amp;Misma persona</translation>
    </message>
    <message>
        <source>Link them: both records stay, and the event is counted once</source>
        <translation>Vincularlos: se conservan ambos registros y el hecho se cuenta una vez</translation>
    </message>
    <message>
        <source>Link them: both records stay, as one person</source>
        <translation>Vincularlos: se conservan ambos registros, como una sola persona</translation>
    </message>
    <message>
        <source>&amp;Not the same</source>
        <translation>&amp;No son el mismo</translation>
    </message>
    <message>
        <source>Dismiss: this pair is not suggested again</source>
        <translation>Descartar: este par no se vuelve a sugerir</translation>
    </message>
    <message>
        <source>Decisions taken</source>
        <translation>Decisiones tomadas</translation>
    </message>
    <message>
        <source>Decision</source>
        <translation>Decisión</translation>
    </message>
    <message>
        <source>Decided</source>
        <translation>Decidido</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>Des&amp;hacer</translation>
    </message>
    <message>
        <source>Forget this decision; the pair may be suggested again</source>
        <translation>Olvidar esta decisión; el par podrá sugerirse de nuevo</translation>
    </message>
    <message>
        <source>Decisions</source>
        <translation>Decisiones</translation>
    </message>
    <message>
        <source>(deleted record %1)</source>
        <translation>(registro borrado %1)</translation>
    </message>
    <message>
        <source>killed %1, injured %2, detained %3</source>
        <translation>fallecidos %1, heridos %2, detenidos %3</translation>
    </message>
    <message>
        <source>age %1</source>
        <translation>edad %1</translation>
    </message>
    <message>
        <source>same district (%1)</source>
        <translation>mismo distrito (%1)</translation>
    </message>
    <message>
        <source>same day</source>
        <translation>mismo día</translation>
    </message>
    <message>
        <source>1 day apart</source>
        <translation>1 día de diferencia</translation>
    </message>
    <message>
        <source>%1 days apart</source>
        <translation>%1 días de diferencia</translation>
    </message>
    <message>
        <source>dates overlap</source>
        <translation>fechas que se superponen</translation>
    </message>
    <message>
        <source>shared: %1</source>
        <translation>en común: %1</translation>
    </message>
    <message>
        <source>same name</source>
        <translation>mismo nombre</translation>
    </message>
    <message>
        <source>same given name (%1)</source>
        <translation>mismo nombre de pila (%1)</translation>
    </message>
    <message>
        <source>%1 ~ %2</source>
        <translation>%1 ~ %2</translation>
    </message>
    <message>
        <source>only on one side: %1</source>
        <translation>solo en uno: %1</translation>
    </message>
    <message>
        <source>Possible duplicates to look at: %1. Compare them, then link or dismiss each pair; nothing is merged by itself.</source>
        <translation>Posibles duplicados por revisar: %1. Compárelos y luego vincule o descarte cada par; nada se fusiona solo.</translation>
    </message>
    <message>
        <source>No possible duplicates left to look at.</source>
        <translation>No quedan posibles duplicados por revisar.</translation>
    </message>
    <message>
        <source>Same event</source>
        <translation>Mismo hecho</translation>
    </message>
    <message>
        <source>Same person</source>
        <translation>Misma persona</translation>
    </message>
    <message>
        <source>Not the same</source>
        <translation>No son el mismo</translation>
    </message>
    <message>
        <source>Looking for possible duplicates…</source>
        <translation>Buscando posibles duplicados…</translation>
    </message>
    <message>
        <source>Linked as the same event: both records stay, counted once.</source>
        <translation>Vinculados como el mismo hecho: se conservan ambos registros y se cuentan una vez.</translation>
    </message>
    <message>
        <source>Linked as the same person: both records stay.</source>
        <translation>Vinculados como la misma persona: se conservan ambos registros.</translation>
    </message>
    <message>
        <source>Dismissed: not suggested again.</source>
        <translation>Descartado: no se volverá a sugerir.</translation>
    </message>
    <message>
        <source>Decision undone.</source>
        <translation>Decisión deshecha.</translation>
    </message>
</context>
<context>
    <name>LockNotes</name>
    <message>
        <source>Work under way stopped with a problem before the vault locked: %1</source>
        <translation>El trabajo en curso se detuvo por un problema antes de bloquear: %1</translation>
    </message>
    <message>
        <source>The search for possible duplicates was cancelled when the vault locked.</source>
        <translation>Se canceló la búsqueda de duplicados al bloquear.</translation>
    </message>
    <message>
        <source>Counting for the report was cancelled when the vault locked.</source>
        <translation>Se canceló el conteo del informe al bloquear.</translation>
    </message>
    <message>
        <source>Saving the report was cancelled when the vault locked; no file was written.</source>
        <translation>Se canceló el guardado del informe al bloquear; no se escribió ningún archivo.</translation>
    </message>
    <message>
        <source>The vault check was cancelled when the vault locked.</source>
        <translation>Se canceló la verificación de la bóveda al bloquear.</translation>
    </message>
    <message>
        <source>Adding files was cancelled when the vault locked; no file was added.</source>
        <translation>Se canceló la incorporación de archivos al bloquear; no se agregó ningún archivo.</translation>
    </message>
    <message>
        <source>The import was cancelled when the vault locked; nothing was changed.</source>
        <translation>Se canceló la importación al bloquear; no se cambió nada.</translation>
    </message>
    <message>
        <source>The export was cancelled when the vault locked; no bundle was written.</source>
        <translation>Se canceló la exportación al bloquear; no se escribió ningún paquete.</translation>
    </message>
    <message>
        <source>The evidence package was cancelled when the vault locked; no folder was left behind.</source>
        <translation>Se canceló el paquete de evidencia al bloquear; no quedó ninguna carpeta.</translation>
    </message>
    <message>
        <source>Work under way was cancelled when the vault locked.</source>
        <translation>Se canceló el trabajo en curso al bloquear.</translation>
    </message>
    <message>
        <source>The search for possible duplicates finished before the vault locked.</source>
        <translation>La búsqueda de duplicados terminó antes de bloquear.</translation>
    </message>
    <message>
        <source>Counting for the report finished before the vault locked.</source>
        <translation>El conteo del informe terminó antes de bloquear.</translation>
    </message>
    <message>
        <source>The report was saved before the vault locked.</source>
        <translation>El informe se guardó antes de bloquear.</translation>
    </message>
    <message>
        <source>The vault check finished before the vault locked.</source>
        <translation>La verificación de la bóveda terminó antes de bloquear.</translation>
    </message>
    <message>
        <source>Adding files finished before the vault locked.</source>
        <translation>La incorporación de archivos terminó antes de bloquear.</translation>
    </message>
    <message>
        <source>The import finished before the vault locked.</source>
        <translation>La importación terminó antes de bloquear.</translation>
    </message>
    <message>
        <source>The export finished before the vault locked.</source>
        <translation>La exportación terminó antes de bloquear.</translation>
    </message>
    <message>
        <source>The evidence package was finished before the vault locked.</source>
        <translation>El paquete de evidencia se terminó antes de bloquear.</translation>
    </message>
    <message>
        <source>The redacted copy was made before the vault locked.</source>
        <translation>La copia con partes ocultas se terminó antes de bloquear.</translation>
    </message>
    <message>
        <source>The redacted copy was removed before the vault locked.</source>
        <translation>La copia con partes ocultas se quitó antes de bloquear.</translation>
    </message>
    <message>
        <source>The receipt was written before the vault locked.</source>
        <translation>El acuse de recibo se escribió antes de bloquear.</translation>
    </message>
    <message>
        <source>Freeing space finished before the vault locked.</source>
        <translation>La liberación de espacio terminó antes de bloquear.</translation>
    </message>
    <message>
        <source>The original was saved before the vault locked.</source>
        <translation>El original se guardó antes de bloquear.</translation>
    </message>
    <message>
        <source>The recording was kept with its testimony before the vault locked.</source>
        <translation>La grabación se guardó con su testimonio antes de bloquear.</translation>
    </message>
    <message>
        <source>Work under way finished before the vault locked.</source>
        <translation>El trabajo en curso terminó antes de bloquear.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Willay %s</source>
        <translation>Willay %s</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>A&amp;yuda</translation>
    </message>
    <message>
        <source>&amp;About Willay</source>
        <translation>&amp;Acerca de Willay</translation>
    </message>
</context>
<context>
    <name>MediaPage</name>
    <message>
        <source>Media gallery</source>
        <translation>Galería de archivos</translation>
    </message>
    <message>
        <source>Open an item (Enter or double-click) to view it. To add files, drop them on an incident&apos;s Media tab.</source>
        <translation>Abra un elemento (Intro o doble clic) para verlo. Para agregar archivos, suéltelos en la pestaña Archivos de un hecho.</translation>
    </message>
    <message>
        <source>Items: %1</source>
        <translation>Elementos: %1</translation>
    </message>
</context>
<context>
    <name>MediaPlayer</name>
    <message>
        <source>Video</source>
        <translation>Video</translation>
    </message>
    <message>
        <source>&amp;Play</source>
        <translation>&amp;Reproducir</translation>
    </message>
    <message>
        <source>Play or pause</source>
        <translation>Reproducir o pausar</translation>
    </message>
    <message>
        <source>Position in the recording</source>
        <translation>Posición en la grabación</translation>
    </message>
    <message>
        <source>Elapsed and total time</source>
        <translation>Tiempo transcurrido y total</translation>
    </message>
    <message>
        <source>Volume</source>
        <translation>Volumen</translation>
    </message>
    <message>
        <source>&amp;Volume</source>
        <translation>&amp;Volumen</translation>
    </message>
    <message>
        <source>&amp;Pause</source>
        <translation>&amp;Pausar</translation>
    </message>
</context>
<context>
    <name>MediaTypes</name>
    <message>
        <source>%1 photo</source>
        <translation>Foto %1</translation>
    </message>
    <message>
        <source>%1 audio</source>
        <translation>Audio %1</translation>
    </message>
    <message>
        <source>%1 video</source>
        <translation>Video %1</translation>
    </message>
    <message>
        <source>%1 document</source>
        <translation>Documento %1</translation>
    </message>
    <message>
        <source>File</source>
        <translation>Archivo</translation>
    </message>
</context>
<context>
    <name>MediaViewer</name>
    <message>
        <source>Media: %s</source>
        <translation>Archivo: %s</translation>
    </message>
    <message>
        <source>Image</source>
        <translation>Imagen</translation>
    </message>
    <message>
        <source>Details of the original</source>
        <translation>Datos del original</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Tipo</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Tamaño</translation>
    </message>
    <message>
        <source>Captured</source>
        <translation>Tomada</translation>
    </message>
    <message>
        <source>GPS</source>
        <translation>GPS</translation>
    </message>
    <message>
        <source>Camera</source>
        <translation>Cámara</translation>
    </message>
    <message>
        <source>Pixels</source>
        <translation>Píxeles</translation>
    </message>
    <message>
        <source>Added</source>
        <translation>Agregado</translation>
    </message>
    <message>
        <source>SHA-256</source>
        <translation>SHA-256</translation>
    </message>
    <message>
        <source>Zoom &amp;in</source>
        <translation>&amp;Acercar</translation>
    </message>
    <message>
        <source>Zoom &amp;out</source>
        <translation>A&amp;lejar</translation>
    </message>
    <message>
        <source>&amp;Fit</source>
        <translation>A&amp;justar</translation>
    </message>
    <message>
        <source>&amp;Rotate view</source>
        <translation>&amp;Girar vista</translation>
    </message>
    <message>
        <source>Re&amp;dact…</source>
        <translation>&amp;Ocultar partes…</translation>
    </message>
    <message>
        <source>Make a redacted copy of the photo</source>
        <translation>Ocultar partes de la foto</translation>
    </message>
    <message>
        <source>&amp;Show redacted copy</source>
        <translation>&amp;Ver copia con partes ocultas</translation>
    </message>
    <message>
        <source>&amp;Export original…</source>
        <translation>&amp;Exportar original…</translation>
    </message>
    <message>
        <source>Export the original file</source>
        <translation>Exportar el archivo original</translation>
    </message>
    <message>
        <source>&amp;Close</source>
        <translation>&amp;Cerrar</translation>
    </message>
    <message>
        <source>Saving the original</source>
        <translation>Guardando el original</translation>
    </message>
    <message>
        <source>Decrypting the original…</source>
        <translation>Descifrando el original…</translation>
    </message>
    <message>
        <source>This original cannot be shown here. Use Export original… to open it with another program; the exported copy is not encrypted.</source>
        <translation>Este original no se puede mostrar aquí. Use Exportar original… para abrirlo con otro programa; la copia exportada no está cifrada.</translation>
    </message>
    <message>
        <source>This image format cannot be shown here; export the original to view it.</source>
        <translation>Este formato de imagen no se puede mostrar aquí; exporte el original para verlo.</translation>
    </message>
    <message>
        <source>%1 × %2 pixels</source>
        <translation>%1 × %2 píxeles</translation>
    </message>
    <message>
        <source>Played from memory: no unencrypted copy is written to disk.</source>
        <translation>Se reproduce desde la memoria: no se escribe en el disco ninguna copia sin cifrar.</translation>
    </message>
    <message>
        <source>This video cannot be played here; use “Export original”.</source>
        <translation>Este video no se puede reproducir aquí; use «Exportar original».</translation>
    </message>
    <message>
        <source>This audio cannot be played here; use “Export original”.</source>
        <translation>Este audio no se puede reproducir aquí; use «Exportar original».</translation>
    </message>
    <message>
        <source>A redacted copy exists (%1 regions hidden, no metadata; SHA-256 %2…). Anonymized bundles send it instead of the photo.</source>
        <translation>Existe una copia con partes ocultas (%1 zonas ocultas, sin metadatos; SHA-256 %2…). Los paquetes anonimizados la envían en lugar de la foto.</translation>
    </message>
    <message>
        <source>Export original</source>
        <translation>Exportar original</translation>
    </message>
    <message>
        <source>Cancel sa&amp;ving</source>
        <translation>&amp;Detener la copia</translation>
    </message>
    <message>
        <source>Original exported to %s. That copy is not encrypted.</source>
        <translation>Original exportado a %s. Esa copia no está cifrada.</translation>
    </message>
    <message>
        <source>Saving the original was cancelled; nothing was written.</source>
        <translation>Se canceló la copia del original; no se escribió nada.</translation>
    </message>
</context>
<context>
    <name>MicrophoneInput</name>
    <message>
        <source>The microphone “%1” cannot be opened.</source>
        <translation>No se puede abrir el micrófono «%1».</translation>
    </message>
    <message>
        <source>The microphone “%1” stopped giving sound (was it unplugged?).</source>
        <translation>El micrófono «%1» dejó de dar sonido (¿se desconectó?).</translation>
    </message>
</context>
<context>
    <name>Months</name>
    <message>
        <source>Jan</source>
        <translation>ene</translation>
    </message>
    <message>
        <source>Feb</source>
        <translation>feb</translation>
    </message>
    <message>
        <source>Mar</source>
        <translation>mar</translation>
    </message>
    <message>
        <source>Apr</source>
        <translation>abr</translation>
    </message>
    <message>
        <source>May</source>
        <translation>may</translation>
    </message>
    <message>
        <source>Jun</source>
        <translation>jun</translation>
    </message>
    <message>
        <source>Jul</source>
        <translation>jul</translation>
    </message>
    <message>
        <source>Aug</source>
        <translation>ago</translation>
    </message>
    <message>
        <source>Sep</source>
        <translation>sep</translation>
    </message>
    <message>
        <source>Oct</source>
        <translation>oct</translation>
    </message>
    <message>
        <source>Nov</source>
        <translation>nov</translation>
    </message>
    <message>
        <source>Dec</source>
        <translation>dic</translation>
    </message>
</context>
<context>
    <name>Opening</name>
    <message>
        <source>The hub&apos;s database refused to open it: %1</source>
        <translation>La base de datos del servidor central no dejó abrirlo: %1</translation>
    </message>
</context>
<context>
    <name>OrganizationFields</name>
    <message>
        <source>stays in this vault</source>
        <translation>se queda en esta bóveda</translation>
    </message>
    <message>
        <source>shared with partners</source>
        <translation>se comparte con aliadas</translation>
    </message>
    <message>
        <source>legal partners only</source>
        <translation>solo aliadas legales</translation>
    </message>
    <message>
        <source>public</source>
        <translation>público</translation>
    </message>
    <message>
        <source>text</source>
        <translation>texto</translation>
    </message>
    <message>
        <source>long text</source>
        <translation>texto largo</translation>
    </message>
    <message>
        <source>whole number</source>
        <translation>número entero</translation>
    </message>
    <message>
        <source>decimal number</source>
        <translation>número decimal</translation>
    </message>
    <message>
        <source>yes or no</source>
        <translation>sí o no</translation>
    </message>
    <message>
        <source>date</source>
        <translation>fecha</translation>
    </message>
    <message>
        <source>date range</source>
        <translation>rango de fechas</translation>
    </message>
    <message>
        <source>choose one</source>
        <translation>elegir una</translation>
    </message>
    <message>
        <source>choose several</source>
        <translation>elegir varias</translation>
    </message>
    <message>
        <source>Willay list</source>
        <translation>lista de Willay</translation>
    </message>
    <message>
        <source>link to a record</source>
        <translation>enlace a un registro</translation>
    </message>
    <message>
        <source>map point</source>
        <translation>punto en el mapa</translation>
    </message>
    <message>
        <source>table</source>
        <translation>tabla</translation>
    </message>
    <message>
        <source>heading</source>
        <translation>título de sección</translation>
    </message>
    <message>
        <source>2023-01-09, 2023-01 or ~2023</source>
        <translation>2023-01-09, 2023-01 o ~2023</translation>
    </message>
    <message>
        <source>(from a newer Willay: shown, not edited here)</source>
        <translation>(de un Willay más nuevo: se muestra, no se edita aquí)</translation>
    </message>
    <message>
        <source>Add a row</source>
        <translation>Agregar una fila</translation>
    </message>
    <message>
        <source>Add a row to %1</source>
        <translation>Agregar una fila a %1</translation>
    </message>
    <message>
        <source>Remove the row</source>
        <translation>Quitar la fila</translation>
    </message>
    <message>
        <source>Remove the chosen row of %1</source>
        <translation>Quitar la fila elegida de %1</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>Sí</translation>
    </message>
    <message>
        <source>No</source>
        <translation>No</translation>
    </message>
    <message>
        <source>From</source>
        <translation>Desde</translation>
    </message>
    <message>
        <source>To</source>
        <translation>Hasta</translation>
    </message>
    <message>
        <source>Latitude</source>
        <translation>Latitud</translation>
    </message>
    <message>
        <source>Longitude</source>
        <translation>Longitud</translation>
    </message>
    <message>
        <source>the record&apos;s id</source>
        <translation>el identificador del registro</translation>
    </message>
    <message>
        <source>* required. Under each field: who may see it.</source>
        <translation>* obligatorio. Bajo cada campo: quién puede verlo.</translation>
    </message>
    <message>
        <source>(no longer asked)</source>
        <translation>(ya no se pregunta)</translation>
    </message>
</context>
<context>
    <name>PartnerCardDialog</name>
    <message>
        <source>Add a partner</source>
        <translation>Agregar una organización aliada</translation>
    </message>
    <message>
        <source>Replace a partner&apos;s card</source>
        <translation>Reemplazar la tarjeta de una organización aliada</translation>
    </message>
    <message>
        <source>What this partner receives</source>
        <translation>Qué recibe esta organización aliada</translation>
    </message>
    <message>
        <source>Full evidence, originals included</source>
        <translation>Evidencia completa, con originales</translation>
    </message>
    <message>
        <source>Anonymized: pseudonyms, coarse places, no originals</source>
        <translation>Anonimizada: seudónimos, lugares generales, sin originales</translation>
    </message>
    <message>
        <source>Consent scope of this partner</source>
        <translation>Alcance del consentimiento de esta organización</translation>
    </message>
    <message>
        <source>I &amp;compared this fingerprint aloud with the partner, and it is the same</source>
        <translation>&amp;Comparé esta huella en voz alta con la organización aliada y es la misma</translation>
    </message>
    <message>
        <source>&amp;Add partner</source>
        <translation>&amp;Agregar organización</translation>
    </message>
    <message>
        <source>&amp;Receives:</source>
        <translation>&amp;Recibe:</translation>
    </message>
    <message>
        <source>Consent &amp;scope:</source>
        <translation>Alca&amp;nce del consentimiento:</translation>
    </message>
    <message>
        <source>Fingerprint of this card. Read it aloud with the partner, in person or on a call you trust:</source>
        <translation>Huella de esta tarjeta. Léanla en voz alta con la organización aliada, en persona o en una llamada de confianza:</translation>
    </message>
    <message>
        <source>&amp;Replace card</source>
        <translation>&amp;Reemplazar tarjeta</translation>
    </message>
    <message>
        <source>This card replaces the card of %1 with fingerprint %2. The old card stays known to check what it signed before today; bundles it signs from now on are refused, and exports go only to this new card.</source>
        <translation>Esta tarjeta reemplaza la tarjeta de %1 con huella %2. La tarjeta antigua se conserva para verificar lo que firmó antes de hoy; los paquetes que firme desde ahora se rechazan, y solo se exporta a esta tarjeta nueva.</translation>
    </message>
</context>
<context>
    <name>PartnersPage</name>
    <message>
        <source>Partners</source>
        <translation>Aliadas</translation>
    </message>
    <message>
        <source>My identity</source>
        <translation>Mi identidad</translation>
    </message>
</context>
<context>
    <name>PartnersTab</name>
    <message>
        <source>Partners</source>
        <translation>Aliadas</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nombre</translation>
    </message>
    <message>
        <source>Organization</source>
        <translation>Organización</translation>
    </message>
    <message>
        <source>Fingerprint</source>
        <translation>Huella</translation>
    </message>
    <message>
        <source>Receives</source>
        <translation>Recibe</translation>
    </message>
    <message>
        <source>Consent scope</source>
        <translation>Alcance del consentimiento</translation>
    </message>
    <message>
        <source>Checked in person</source>
        <translation>Verificada en persona</translation>
    </message>
    <message>
        <source>Added</source>
        <translation>Agregado</translation>
    </message>
    <message>
        <source>&amp;Add a card file…</source>
        <translation>&amp;Agregar un archivo de tarjeta…</translation>
    </message>
    <message>
        <source>&amp;Mark fingerprint as checked</source>
        <translation>&amp;Marcar huella como verificada</translation>
    </message>
    <message>
        <source>Re&amp;place card…</source>
        <translation>Reem&amp;plazar tarjeta…</translation>
    </message>
    <message>
        <source>The selected partner has a new card (a new vault, a lost laptop): use it from now on, and keep the old one only to check what it signed before</source>
        <translation>La organización aliada elegida tiene una tarjeta nueva (una bóveda nueva, una laptop perdida): úsela desde ahora y conserve la antigua solo para verificar lo que firmó antes</translation>
    </message>
    <message>
        <source>Remo&amp;ve partner…</source>
        <translation>&amp;Quitar aliada…</translation>
    </message>
    <message>
        <source>E&amp;xport a bundle…</source>
        <translation>E&amp;xportar un paquete…</translation>
    </message>
    <message>
        <source>Export a bundle for the selected partner (Ctrl+E)</source>
        <translation>Exportar un paquete para la aliada elegida (Ctrl+E)</translation>
    </message>
    <message>
        <source>No partners yet. Add the card file a partner gave you, then compare its fingerprint aloud.</source>
        <translation>Todavía no hay organizaciones aliadas. Agregue el archivo de tarjeta que le entregaron y luego comparen la huella en voz alta.</translation>
    </message>
    <message>
        <source>Full evidence</source>
        <translation>Evidencia completa</translation>
    </message>
    <message>
        <source>Anonymized</source>
        <translation>Anonimizada</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>Sí</translation>
    </message>
    <message>
        <source>Not yet</source>
        <translation>Todavía no</translation>
    </message>
    <message>
        <source>Partner&apos;s new card</source>
        <translation>Tarjeta nueva de la organización aliada</translation>
    </message>
    <message>
        <source>Remove a partner</source>
        <translation>Quitar una organización aliada</translation>
    </message>
    <message>
        <source>Remove %1 (fingerprint %2)? Nothing more will be exported to them, and bundles they send will be refused. What they sent before stays here and can still be checked; the custody log records the removal.</source>
        <translation>¿Quitar a %1 (huella %2)? Ya no se le exportará nada, y los paquetes que envíe serán rechazados. Lo que envió antes se queda aquí y se puede seguir verificando; el registro de custodia anota que se quitó.</translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation>&amp;Quitar</translation>
    </message>
    <message>
        <source>Partner&apos;s card</source>
        <translation>Tarjeta de la organización aliada</translation>
    </message>
    <message>
        <source>Willay cards (*.json);;All files (*)</source>
        <translation>Tarjetas de Willay (*.json);;Todos los archivos (*)</translation>
    </message>
    <message>
        <source>Card not accepted</source>
        <translation>Tarjeta no aceptada</translation>
    </message>
</context>
<context>
    <name>Passphrase</name>
    <message>
        <source>Use a few unrelated words: easy to remember, hard to guess.</source>
        <translation>Use varias palabras sin relación entre sí: fáciles de recordar, difíciles de adivinar.</translation>
    </message>
    <message>
        <source>Too short: use at least 10 characters.</source>
        <translation>Demasiado corta: use al menos 10 caracteres.</translation>
    </message>
    <message>
        <source>Strong.</source>
        <translation>Fuerte.</translation>
    </message>
    <message>
        <source>Fair: another word would make it strong.</source>
        <translation>Aceptable: una palabra más la haría fuerte.</translation>
    </message>
    <message>
        <source>Weak: add more words.</source>
        <translation>Débil: agregue más palabras.</translation>
    </message>
    <message>
        <source>Passphrase strength</source>
        <translation>Fortaleza de la frase de paso</translation>
    </message>
</context>
<context>
    <name>PeoplePage</name>
    <message>
        <source>People</source>
        <translation>Personas</translation>
    </message>
    <message>
        <source>&amp;New person</source>
        <translation>&amp;Nueva persona</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>&amp;Editar</translation>
    </message>
    <message>
        <source>Edit the person</source>
        <translation>Editar la persona</translation>
    </message>
    <message>
        <source>Person details</source>
        <translation>Datos de la persona</translation>
    </message>
    <message>
        <source>Testimonies given</source>
        <translation>Testimonios dados</translation>
    </message>
    <message>
        <source>Testimonies given:</source>
        <translation>Testimonios dados:</translation>
    </message>
    <message>
        <source>People: %1</source>
        <translation>Personas: %1</translation>
    </message>
    <message>
        <source>Pseudonym</source>
        <translation>Seudónimo</translation>
    </message>
    <message>
        <source>Sex or gender</source>
        <translation>Sexo o género</translation>
    </message>
    <message>
        <source>Age</source>
        <translation>Edad</translation>
    </message>
    <message>
        <source>Community</source>
        <translation>Comunidad</translation>
    </message>
    <message>
        <source>Indigenous people</source>
        <translation>Pueblo indígena</translation>
    </message>
    <message>
        <source>Languages</source>
        <translation>Idiomas</translation>
    </message>
    <message>
        <source>Roles</source>
        <translation>Roles</translation>
    </message>
    <message>
        <source>Contact</source>
        <translation>Contacto</translation>
    </message>
    <message>
        <source>Consent</source>
        <translation>Consentimiento</translation>
    </message>
</context>
<context>
    <name>PeopleTableModel</name>
    <message>
        <source>Name</source>
        <translation>Nombre</translation>
    </message>
    <message>
        <source>Pseudonym</source>
        <translation>Seudónimo</translation>
    </message>
    <message>
        <source>Community</source>
        <translation>Comunidad</translation>
    </message>
    <message>
        <source>Roles</source>
        <translation>Roles</translation>
    </message>
    <message>
        <source>Consent</source>
        <translation>Consentimiento</translation>
    </message>
</context>
<context>
    <name>PersonEditor</name>
    <message>
        <source>Edit person</source>
        <translation>Editar persona</translation>
    </message>
    <message>
        <source>New person</source>
        <translation>Nueva persona</translation>
    </message>
    <message>
        <source>Full name</source>
        <translation>Nombre completo</translation>
    </message>
    <message>
        <source>Pseudonym</source>
        <translation>Seudónimo</translation>
    </message>
    <message>
        <source>e.g. T-07</source>
        <translation>p. ej. T-07</translation>
    </message>
    <message>
        <source>Sex or gender</source>
        <translation>Sexo o género</translation>
    </message>
    <message>
        <source>Not recorded</source>
        <translation>No registrado</translation>
    </message>
    <message>
        <source>Unknown</source>
        <translation>Desconocida</translation>
    </message>
    <message>
        <source>Age</source>
        <translation>Edad</translation>
    </message>
    <message>
        <source>Age range</source>
        <translation>Rango de edad</translation>
    </message>
    <message>
        <source>Community</source>
        <translation>Comunidad</translation>
    </message>
    <message>
        <source>Indigenous people</source>
        <translation>Pueblo indígena</translation>
    </message>
    <message>
        <source>e.g. Aymara, Quechua</source>
        <translation>p. ej. aimara, quechua</translation>
    </message>
    <message>
        <source>Contact details</source>
        <translation>Datos de contacto</translation>
    </message>
    <message>
        <source>Roles</source>
        <translation>Roles</translation>
    </message>
    <message>
        <source>Languages</source>
        <translation>Idiomas</translation>
    </message>
    <message>
        <source>Consent</source>
        <translation>Consentimiento</translation>
    </message>
    <message>
        <source>Full &amp;name:</source>
        <translation>&amp;Nombre completo:</translation>
    </message>
    <message>
        <source>Pse&amp;udonym:</source>
        <translation>Se&amp;udónimo:</translation>
    </message>
    <message>
        <source>The pseudonym replaces the name in anything shared anonymized. Choose one that cannot lead back to the person.</source>
        <translation>El seudónimo reemplaza al nombre en todo lo que se comparte anonimizado. Elija uno que no permita llegar a la persona.</translation>
    </message>
    <message>
        <source>Se&amp;x or gender:</source>
        <translation>Se&amp;xo o género:</translation>
    </message>
    <message>
        <source>A&amp;ge or range:</source>
        <translation>E&amp;dad o rango:</translation>
    </message>
    <message>
        <source>Co&amp;mmunity:</source>
        <translation>Co&amp;munidad:</translation>
    </message>
    <message>
        <source>Indigenous &amp;people:</source>
        <translation>&amp;Pueblo indígena:</translation>
    </message>
    <message>
        <source>Con&amp;tact:</source>
        <translation>Con&amp;tacto:</translation>
    </message>
    <message>
        <source>&amp;Roles</source>
        <translation>&amp;Roles</translation>
    </message>
    <message>
        <source>&amp;Languages</source>
        <translation>&amp;Idiomas</translation>
    </message>
    <message>
        <source>&amp;Consent to share</source>
        <translation>&amp;Consentimiento para compartir</translation>
    </message>
    <message>
        <source>Person</source>
        <translation>Persona</translation>
    </message>
    <message>
        <source>Draft without a name</source>
        <translation>Borrador sin nombre</translation>
    </message>
</context>
<context>
    <name>PlaceFilter</name>
    <message>
        <source>Department</source>
        <translation>Departamento</translation>
    </message>
    <message>
        <source>Province</source>
        <translation>Provincia</translation>
    </message>
    <message>
        <source>District</source>
        <translation>Distrito</translation>
    </message>
    <message>
        <source>Any department</source>
        <translation>Cualquier departamento</translation>
    </message>
    <message>
        <source>Any province</source>
        <translation>Cualquier provincia</translation>
    </message>
    <message>
        <source>Any district</source>
        <translation>Cualquier distrito</translation>
    </message>
</context>
<context>
    <name>RecorderDialog</name>
    <message>
        <source>Record the testimony</source>
        <translation>Grabar el testimonio</translation>
    </message>
    <message>
        <source>Microphone</source>
        <translation>Micrófono</translation>
    </message>
    <message>
        <source>&amp;Look again</source>
        <translation>&amp;Buscar de nuevo</translation>
    </message>
    <message>
        <source>Look again for microphones</source>
        <translation>Buscar micrófonos de nuevo</translation>
    </message>
    <message>
        <source>Sound level</source>
        <translation>Nivel del sonido</translation>
    </message>
    <message>
        <source>Time recorded</source>
        <translation>Tiempo grabado</translation>
    </message>
    <message>
        <source>Free space</source>
        <translation>Espacio libre</translation>
    </message>
    <message>
        <source>● &amp;Record</source>
        <translation>● &amp;Grabar</translation>
    </message>
    <message>
        <source>&amp;Pause</source>
        <translation>&amp;Pausar</translation>
    </message>
    <message>
        <source>&amp;Stop and keep</source>
        <translation>&amp;Detener y guardar</translation>
    </message>
    <message>
        <source>&amp;Discard</source>
        <translation>D&amp;escartar</translation>
    </message>
    <message>
        <source>&amp;Close</source>
        <translation>&amp;Cerrar</translation>
    </message>
    <message>
        <source>&amp;Microphone:</source>
        <translation>&amp;Micrófono:</translation>
    </message>
    <message>
        <source>Level:</source>
        <translation>Nivel:</translation>
    </message>
    <message>
        <source>Recorded:</source>
        <translation>Grabado:</translation>
    </message>
    <message>
        <source>Free space:</source>
        <translation>Espacio libre:</translation>
    </message>
    <message>
        <source>Every two seconds what was recorded is sealed in the vault, so a dead battery loses only the last seconds. No unencrypted copy is written to the disk.</source>
        <translation>Cada dos segundos lo grabado se sella en la bóveda, así que si se acaba la batería solo se pierden los últimos segundos. No se escribe ninguna copia sin cifrar en el disco.</translation>
    </message>
    <message>
        <source>No microphone found</source>
        <translation>No se encontró ningún micrófono</translation>
    </message>
    <message>
        <source>No microphone was found. Connect one, check that the system lets Willay use it, and press Look again.</source>
        <translation>No se encontró ningún micrófono. Conecte uno, compruebe que el sistema permite a Willay usarlo y pulse Buscar de nuevo.</translation>
    </message>
    <message>
        <source>Recording…</source>
        <translation>Grabando…</translation>
    </message>
    <message>
        <source>Paused. What is said now is not recorded.</source>
        <translation>En pausa. Lo que se diga ahora no se graba.</translation>
    </message>
    <message>
        <source>Keeping the recording…</source>
        <translation>Guardando la grabación…</translation>
    </message>
    <message>
        <source>Kept: %1 of recording, sealed in the vault with the testimony.</source>
        <translation>Guardada: %1 de grabación, sellada en la bóveda con el testimonio.</translation>
    </message>
    <message>
        <source>Discard the recording?</source>
        <translation>¿Descartar la grabación?</translation>
    </message>
    <message>
        <source>Throw away this recording? It cannot be recovered afterwards.</source>
        <translation>¿Tirar esta grabación? Después no se podrá recuperar.</translation>
    </message>
    <message>
        <source>The recording was thrown away.</source>
        <translation>La grabación se tiró.</translation>
    </message>
    <message>
        <source>The vault locked: the recording was sealed and is kept with the testimony when the vault is opened.</source>
        <translation>La bóveda se bloqueó: la grabación quedó sellada y se guardará con el testimonio al desbloquear la bóveda.</translation>
    </message>
    <message>
        <source>%1 — about %2 hours of recording</source>
        <translation>%1 — unas %2 horas de grabación</translation>
    </message>
    <message>
        <source>%1 — about %2 minutes of recording</source>
        <translation>%1 — unos %2 minutos de grabación</translation>
    </message>
    <message>
        <source>&amp;Resume</source>
        <translation>&amp;Continuar</translation>
    </message>
    <message>
        <source>Stop recording?</source>
        <translation>¿Detener la grabación?</translation>
    </message>
    <message>
        <source>The recording is still going. Keep what was recorded with the testimony?</source>
        <translation>La grabación sigue. ¿Guardar lo grabado con el testimonio?</translation>
    </message>
    <message>
        <source>Stop and &amp;keep</source>
        <translation>Detener y &amp;guardar</translation>
    </message>
    <message>
        <source>&amp;Go on recording</source>
        <translation>&amp;Seguir grabando</translation>
    </message>
</context>
<context>
    <name>Recordings</name>
    <message>
        <source>cut short, kept up to its last sealed part</source>
        <translation>cortada, guardada hasta su última parte sellada</translation>
    </message>
</context>
<context>
    <name>RecordingsBox</name>
    <message>
        <source>Recordings</source>
        <translation>Grabaciones</translation>
    </message>
    <message>
        <source>Recordings of this testimony</source>
        <translation>Grabaciones de este testimonio</translation>
    </message>
    <message>
        <source>● Recor&amp;d…</source>
        <translation>● Gra&amp;bar…</translation>
    </message>
    <message>
        <source>Record the testimony from the microphone</source>
        <translation>Grabar el testimonio con el micrófono</translation>
    </message>
    <message>
        <source>Tran&amp;scribe…</source>
        <translation>Tr&amp;anscribir…</translation>
    </message>
    <message>
        <source>Listen to the recordings and type the transcript</source>
        <translation>Escuchar las grabaciones y escribir la transcripción</translation>
    </message>
    <message>
        <source>No recording yet. Record the testimony here, or add a sound file to it.</source>
        <translation>Todavía no hay grabación. Grabe aquí el testimonio o añádale un archivo de sonido.</translation>
    </message>
    <message>
        <source>Testimony of %1</source>
        <translation>Testimonio de %1</translation>
    </message>
    <message>
        <source>Recording is not possible on this computer: the sound system of Qt is missing (%1).</source>
        <translation>No se puede grabar en esta computadora: falta el sistema de sonido de Qt (%1).</translation>
    </message>
</context>
<context>
    <name>RecoveryCodePage</name>
    <message>
        <source>Recovery code</source>
        <translation>Código de recuperación</translation>
    </message>
    <message>
        <source>I have &amp;written the recovery code on paper</source>
        <translation>&amp;Escribí el código de recuperación en papel</translation>
    </message>
    <message>
        <source>I have written the recovery code on paper</source>
        <translation>Escribí el código de recuperación en papel</translation>
    </message>
    <message>
        <source>Last group of the recovery code</source>
        <translation>Último grupo del código de recuperación</translation>
    </message>
    <message>
        <source>&amp;Continue</source>
        <translation>&amp;Continuar</translation>
    </message>
    <message>
        <source>Continue to the archive</source>
        <translation>Continuar al archivo</translation>
    </message>
    <message>
        <source>Type the &amp;last group of four characters:</source>
        <translation>Escriba el ú&amp;ltimo grupo de cuatro caracteres:</translation>
    </message>
    <message>
        <source>Your recovery code</source>
        <translation>Su código de recuperación</translation>
    </message>
    <message>
        <source>If you ever forget the passphrase, this code is the only way back into the vault. It is shown now and never again. Write it on paper and keep it apart from this computer; whoever holds it can open the vault.</source>
        <translation>Si alguna vez olvida la frase de paso, este código es la única forma de volver a entrar a la bóveda. Se muestra ahora y nunca más. Escríbalo en papel y guárdelo lejos de esta computadora; quien lo tenga puede abrir la bóveda.</translation>
    </message>
    <message>
        <source>First tick the box once the code is written on paper.</source>
        <translation>Primero marque la casilla cuando haya escrito el código en papel.</translation>
    </message>
    <message>
        <source>That is not the last group of the code. Check what you wrote down.</source>
        <translation>Ese no es el último grupo del código. Revise lo que anotó.</translation>
    </message>
</context>
<context>
    <name>RedactionEditor</name>
    <message>
        <source>Hide parts: %s</source>
        <translation>Ocultar partes: %s</translation>
    </message>
    <message>
        <source>Photo to hide parts of</source>
        <translation>Foto en la que ocultar partes</translation>
    </message>
    <message>
        <source>&amp;Blur</source>
        <translation>&amp;Difuminar</translation>
    </message>
    <message>
        <source>New or selected regions are blurred beyond recognition</source>
        <translation>Las zonas nuevas o seleccionadas se difuminan hasta ser irreconocibles</translation>
    </message>
    <message>
        <source>Black &amp;out</source>
        <translation>&amp;Tapar</translation>
    </message>
    <message>
        <source>New or selected regions are covered in black</source>
        <translation>Las zonas nuevas o seleccionadas se cubren de negro</translation>
    </message>
    <message>
        <source>&amp;Delete region</source>
        <translation>&amp;Borrar zona</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>Des&amp;hacer</translation>
    </message>
    <message>
        <source>&amp;Fit</source>
        <translation>&amp;Ajustar</translation>
    </message>
    <message>
        <source>Decrypting the original…</source>
        <translation>Descifrando el original…</translation>
    </message>
    <message>
        <source>Drag over the photo to mark a region. Black out hides it completely; blur makes faces and writing unrecognizable. The original stays sealed; the copy carries no metadata.</source>
        <translation>Arrastre sobre la foto para marcar una zona. Tapar la oculta por completo; difuminar vuelve irreconocibles rostros y escritos. El original queda sellado; la copia no lleva metadatos.</translation>
    </message>
    <message>
        <source>&amp;Remove redacted copy</source>
        <translation>&amp;Eliminar copia con partes ocultas</translation>
    </message>
    <message>
        <source>&amp;Save redacted copy</source>
        <translation>&amp;Guardar copia con partes ocultas</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <source>This photo cannot be shown, so it cannot be redacted here.</source>
        <translation>Esta foto no se puede mostrar, así que aquí no se pueden ocultar partes de ella.</translation>
    </message>
    <message>
        <source>%1 × %2 pixels; regions: %3</source>
        <translation>%1 × %2 píxeles; zonas: %3</translation>
    </message>
    <message>
        <source>Saving the redacted copy…</source>
        <translation>Guardando la copia con partes ocultas…</translation>
    </message>
    <message>
        <source>The regions you marked have not been saved.</source>
        <translation>Las zonas que marcó no se han guardado.</translation>
    </message>
</context>
<context>
    <name>ReportsPage</name>
    <message>
        <source>Each event is counted once: records linked as the same event count as one, with the highest number of dead, injured and detained any of them gives.</source>
        <translation>Cada evento se cuenta una vez: los registros vinculados como el mismo evento cuentan como uno, con el número más alto de fallecidos, heridos y detenidos que dé cualquiera de ellos.</translation>
    </message>
    <message>
        <source>Count by</source>
        <translation>Contar por</translation>
    </message>
    <message>
        <source>Department</source>
        <translation>Departamento</translation>
    </message>
    <message>
        <source>Province</source>
        <translation>Provincia</translation>
    </message>
    <message>
        <source>District</source>
        <translation>Distrito</translation>
    </message>
    <message>
        <source>Month</source>
        <translation>Mes</translation>
    </message>
    <message>
        <source>Violation</source>
        <translation>Violación</translation>
    </message>
    <message>
        <source>Alleged perpetrator</source>
        <translation>Presunto responsable</translation>
    </message>
    <message>
        <source>Counts</source>
        <translation>Conteos</translation>
    </message>
    <message>
        <source>Where or what</source>
        <translation>Dónde o qué</translation>
    </message>
    <message>
        <source>Events</source>
        <translation>Eventos</translation>
    </message>
    <message>
        <source>Killed</source>
        <translation>Fallecidos</translation>
    </message>
    <message>
        <source>Injured</source>
        <translation>Heridos</translation>
    </message>
    <message>
        <source>Detained</source>
        <translation>Detenidos</translation>
    </message>
    <message>
        <source>Audience</source>
        <translation>Público del informe</translation>
    </message>
    <message>
        <source>Partner organisations</source>
        <translation>Organizaciones aliadas</translation>
    </message>
    <message>
        <source>Legal use</source>
        <translation>Uso legal</translation>
    </message>
    <message>
        <source>Public</source>
        <translation>Público</translation>
    </message>
    <message>
        <source>Internal team (every name)</source>
        <translation>Equipo interno (todos los nombres)</translation>
    </message>
    <message>
        <source>Language of the file</source>
        <translation>Idioma del archivo</translation>
    </message>
    <message>
        <source>Save &amp;PDF…</source>
        <translation>Guardar &amp;PDF…</translation>
    </message>
    <message>
        <source>Save &amp;CSV…</source>
        <translation>Guardar &amp;CSV…</translation>
    </message>
    <message>
        <source>Counting</source>
        <translation>Contando</translation>
    </message>
    <message>
        <source>Ca&amp;ncel</source>
        <translation>C&amp;ancelar</translation>
    </message>
    <message>
        <source>Cancel the counting</source>
        <translation>Cancelar el conteo</translation>
    </message>
    <message>
        <source>From date</source>
        <translation>Desde la fecha</translation>
    </message>
    <message>
        <source>e.g. 2022-12</source>
        <translation>p. ej. 2022-12</translation>
    </message>
    <message>
        <source>To date</source>
        <translation>Hasta la fecha</translation>
    </message>
    <message>
        <source>e.g. 2023-03-31</source>
        <translation>p. ej. 2023-03-31</translation>
    </message>
    <message>
        <source>Any violation</source>
        <translation>Cualquier violación</translation>
    </message>
    <message>
        <source>Any alleged perpetrator</source>
        <translation>Cualquier presunto responsable</translation>
    </message>
    <message>
        <source>C&amp;ount</source>
        <translation>Co&amp;ntar</translation>
    </message>
    <message>
        <source>&amp;Violation:</source>
        <translation>&amp;Violación:</translation>
    </message>
    <message>
        <source>Alleged pe&amp;rpetrator:</source>
        <translation>Presunto &amp;responsable:</translation>
    </message>
    <message>
        <source>Which events</source>
        <translation>Qué eventos</translation>
    </message>
    <message>
        <source>P&amp;lace:</source>
        <translation>&amp;Lugar:</translation>
    </message>
    <message>
        <source>&amp;Between:</source>
        <translation>&amp;Entre:</translation>
    </message>
    <message>
        <source>Count b&amp;y:</source>
        <translation>Contar p&amp;or:</translation>
    </message>
    <message>
        <source>&amp;Audience:</source>
        <translation>Pú&amp;blico:</translation>
    </message>
    <message>
        <source>Lang&amp;uage:</source>
        <translation>Id&amp;ioma:</translation>
    </message>
    <message>
        <source>Counting…</source>
        <translation>Contando…</translation>
    </message>
    <message>
        <source>Counting was cancelled. Press Count to count again.</source>
        <translation>Se canceló el conteo. Pulse Contar para contar otra vez.</translation>
    </message>
    <message>
        <source>%1 records from documenters make %2 events.</source>
        <translation>%1 registros de documentadores forman %2 eventos.</translation>
    </message>
    <message>
        <source>Save the report as PDF</source>
        <translation>Guardar el informe como PDF</translation>
    </message>
    <message>
        <source>report.pdf</source>
        <translation>informe.pdf</translation>
    </message>
    <message>
        <source>Save the report as CSV</source>
        <translation>Guardar el informe como CSV</translation>
    </message>
    <message>
        <source>report.csv</source>
        <translation>informe.csv</translation>
    </message>
    <message>
        <source>Saved %1.</source>
        <translation>Guardado: %1.</translation>
    </message>
    <message>
        <source>The report was not saved: %1</source>
        <translation>No se guardó el informe: %1</translation>
    </message>
    <message>
        <source>Writing the report…</source>
        <translation>Escribiendo el informe…</translation>
    </message>
</context>
<context>
    <name>ResolveDialog</name>
    <message>
        <source>Resolve a conflict</source>
        <translation>Resolver un conflicto</translation>
    </message>
    <message>
        <source>New values: lists of codes separated by commas (killing, torture); places as a district code (211101); dates as 2023-01-09, 2023-01 or ~2023-01-09.</source>
        <translation>Valores nuevos: listas de códigos separados por comas (killing, torture); lugares como código de distrito (211101); fechas como 2023-01-09, 2023-01 o ~2023-01-09.</translation>
    </message>
    <message>
        <source>(deleted)</source>
        <translation>(borrado)</translation>
    </message>
    <message>
        <source>Fields of each version, and the result</source>
        <translation>Campos de cada versión y el resultado</translation>
    </message>
    <message>
        <source>New value of %1</source>
        <translation>Valor nuevo de %1</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Resultado</translation>
    </message>
    <message>
        <source>Keep deleted (version %1)</source>
        <translation>Dejar borrado (versión %1)</translation>
    </message>
    <message>
        <source>Keep version &amp;%1 whole</source>
        <translation>Conservar la versión &amp;%1 entera</translation>
    </message>
    <message>
        <source>Keep version %1, by %2</source>
        <translation>Conservar la versión %1, de %2</translation>
    </message>
    <message>
        <source>&amp;Merge (newest wins on disputed fields)</source>
        <translation>&amp;Combinar (gana la más reciente en los campos en disputa)</translation>
    </message>
    <message>
        <source>&amp;Save the result</source>
        <translation>&amp;Guardar el resultado</translation>
    </message>
    <message>
        <source>&amp;Restore with the result</source>
        <translation>&amp;Restaurar con el resultado</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <source>(untitled)</source>
        <translation>(sin título)</translation>
    </message>
    <message>
        <source>One version deleted this record and another edited it. Keep it deleted, or restore it: the result column shows what would be restored, and you may change any value there. Nothing is lost: every version stays in the history.</source>
        <translation>Una versión borró este registro y otra lo editó. Déjelo borrado o restáurelo: la columna de resultado muestra lo que se restauraría, y puede cambiar cualquier valor allí. No se pierde nada: todas las versiones quedan en el historial.</translation>
    </message>
    <message>
        <source>This record was changed in two places in different ways. The highlighted fields are in dispute: for each, click the version to keep, or double-click the result to write a new value. Greyed fields agree (changes to different fields were combined already). Nothing is lost: every version stays in the history.</source>
        <translation>Este registro se cambió en dos lugares de formas distintas. Los campos resaltados están en disputa: en cada uno, haga clic en la versión que quiere conservar, o doble clic en el resultado para escribir un valor nuevo. Los campos en gris coinciden (los cambios a campos distintos ya se combinaron). No se pierde nada: todas las versiones quedan en el historial.</translation>
    </message>
    <message>
        <source>%1: a value that starts with [ or { is read as a list, and this one could not be read. Write a list as [&quot;killing&quot;, &quot;torture&quot;], or plain text.</source>
        <translation>%1: un valor que empieza con [ o { se lee como una lista, y este no se pudo leer. Escriba una lista como [&quot;killing&quot;, &quot;torture&quot;], o texto simple.</translation>
    </message>
    <message>
        <source>Agreed: %1</source>
        <translation>Coinciden: %1</translation>
    </message>
    <message>
        <source>New value written here</source>
        <translation>Valor nuevo escrito aquí</translation>
    </message>
    <message>
        <source>Choose a version, or double-click to write a value</source>
        <translation>Elija una versión, o doble clic para escribir un valor</translation>
    </message>
    <message>
        <source>That version deleted the record; it has no values to take. Use “Keep deleted” to keep the deletion.</source>
        <translation>Esa versión borró el registro; no tiene valores que tomar. Use «Dejar borrado» para conservar el borrado.</translation>
    </message>
    <message>
        <source>Choose a version or write a value for: %1.</source>
        <translation>Elija una versión o escriba un valor para: %1.</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>%1 (here)</source>
        <translation>%1 (aquí)</translation>
    </message>
    <message>
        <source>Version %1
%2
%3</source>
        <translation>Versión %1
%2
%3</translation>
    </message>
</context>
<context>
    <name>SearchPage</name>
    <message>
        <source>Search words</source>
        <translation>Palabras a buscar</translation>
    </message>
    <message>
        <source>Names, places, words of testimonies…</source>
        <translation>Nombres, lugares, palabras de testimonios…</translation>
    </message>
    <message>
        <source>From date</source>
        <translation>Desde la fecha</translation>
    </message>
    <message>
        <source>e.g. 2022-12</source>
        <translation>p. ej. 2022-12</translation>
    </message>
    <message>
        <source>To date</source>
        <translation>Hasta la fecha</translation>
    </message>
    <message>
        <source>e.g. 2023-03-31</source>
        <translation>p. ej. 2023-03-31</translation>
    </message>
    <message>
        <source>Violation</source>
        <translation>Violación</translation>
    </message>
    <message>
        <source>Any violation</source>
        <translation>Cualquier violación</translation>
    </message>
    <message>
        <source>&amp;Search</source>
        <translation>&amp;Buscar</translation>
    </message>
    <message>
        <source>C&amp;lear filters</source>
        <translation>&amp;Quitar filtros</translation>
    </message>
    <message>
        <source>Show &amp;more</source>
        <translation>Ver &amp;más</translation>
    </message>
    <message>
        <source>Search results</source>
        <translation>Resultados de la búsqueda</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Tipo</translation>
    </message>
    <message>
        <source>Title or name</source>
        <translation>Título o nombre</translation>
    </message>
    <message>
        <source>Where the words appear</source>
        <translation>Dónde aparecen las palabras</translation>
    </message>
    <message>
        <source>Filters (incidents, and testimonies through them)</source>
        <translation>Filtros (hechos, y testimonios a través de ellos)</translation>
    </message>
    <message>
        <source>&amp;Words:</source>
        <translation>&amp;Palabras:</translation>
    </message>
    <message>
        <source>&amp;Place:</source>
        <translation>&amp;Lugar:</translation>
    </message>
    <message>
        <source>&amp;Between:</source>
        <translation>&amp;Entre:</translation>
    </message>
    <message>
        <source>&amp;Violation:</source>
        <translation>&amp;Violación:</translation>
    </message>
    <message>
        <source>Incident</source>
        <translation>Hecho</translation>
    </message>
    <message>
        <source>Person</source>
        <translation>Persona</translation>
    </message>
    <message>
        <source>Testimony</source>
        <translation>Testimonio</translation>
    </message>
    <message>
        <source>Media</source>
        <translation>Archivos</translation>
    </message>
    <message>
        <source>Testimony of %s</source>
        <translation>Testimonio de %s</translation>
    </message>
    <message>
        <source>Nothing found. Try fewer words, or words without accents.</source>
        <translation>No se encontró nada. Pruebe con menos palabras o sin tildes.</translation>
    </message>
    <message>
        <source>%1 of %2 results</source>
        <translation>%1 de %2 resultados</translation>
    </message>
    <message>
        <source>%1 results</source>
        <translation>%1 resultados</translation>
    </message>
    <message>
        <source>1 result</source>
        <translation>1 resultado</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>Configuración</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Idioma</translation>
    </message>
    <message>
        <source>As the system (Spanish or English)</source>
        <translation>Como el sistema (español o inglés)</translation>
    </message>
    <message>
        <source>Minutes before locking</source>
        <translation>Minutos antes de bloquear</translation>
    </message>
    <message>
        <source>Never</source>
        <translation>Nunca</translation>
    </message>
    <message>
        <source> min</source>
        <translation> min</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>&amp;Idioma:</translation>
    </message>
    <message>
        <source>Lock after &amp;idle:</source>
        <translation>&amp;Bloquear tras inactividad:</translation>
    </message>
    <message>
        <source>The vault locks by itself after this many minutes without keyboard or mouse input, and at once with Ctrl+L. Locking closes the archive and forgets the keys.</source>
        <translation>La bóveda se bloquea sola tras estos minutos sin usar el teclado ni el ratón, y al instante con Ctrl+L. Bloquear cierra el archivo y olvida las claves.</translation>
    </message>
</context>
<context>
    <name>StartPage</name>
    <message>
        <source>Your name</source>
        <translation>Su nombre</translation>
    </message>
    <message>
        <source>Organization</source>
        <translation>Organización</translation>
    </message>
    <message>
        <source>Passphrase</source>
        <translation>Frase de paso</translation>
    </message>
    <message>
        <source>Repeat the passphrase</source>
        <translation>Repita la frase de paso</translation>
    </message>
    <message>
        <source>Change &amp;folder…</source>
        <translation>Cam&amp;biar carpeta…</translation>
    </message>
    <message>
        <source>Change the folder of the new vault</source>
        <translation>Cambiar la carpeta de la nueva bóveda</translation>
    </message>
    <message>
        <source>&amp;Create vault</source>
        <translation>&amp;Crear bóveda</translation>
    </message>
    <message>
        <source>Create vault</source>
        <translation>Crear bóveda</translation>
    </message>
    <message>
        <source>Creating the vault</source>
        <translation>Creando la bóveda</translation>
    </message>
    <message>
        <source>&amp;Open a vault folder…</source>
        <translation>&amp;Abrir una carpeta de bóveda…</translation>
    </message>
    <message>
        <source>Open an existing vault folder</source>
        <translation>Abrir la carpeta de una bóveda existente</translation>
    </message>
    <message>
        <source>Your &amp;name:</source>
        <translation>Su &amp;nombre:</translation>
    </message>
    <message>
        <source>Or&amp;ganization:</source>
        <translation>Or&amp;ganización:</translation>
    </message>
    <message>
        <source>&amp;Passphrase:</source>
        <translation>&amp;Frase de paso:</translation>
    </message>
    <message>
        <source>&amp;Repeat passphrase:</source>
        <translation>&amp;Repita la frase:</translation>
    </message>
    <message>
        <source>Vault folder:</source>
        <translation>Carpeta de la bóveda:</translation>
    </message>
    <message>
        <source>Create a new vault</source>
        <translation>Crear una bóveda nueva</translation>
    </message>
    <message>
        <source>Everything you record is kept encrypted in this vault. Without the passphrase nobody can read it, not even with the laptop in hand.</source>
        <translation>Todo lo que registre se guarda cifrado en esta bóveda. Sin la frase de paso nadie puede leerlo, ni siquiera con la laptop en la mano.</translation>
    </message>
    <message>
        <source>Open an existing vault</source>
        <translation>Abrir una bóveda existente</translation>
    </message>
    <message>
        <source>If you already have a vault on this computer or on a drive, choose its folder. It contains a file named keyring.json.</source>
        <translation>Si ya tiene una bóveda en esta computadora o en una unidad, elija su carpeta. Contiene un archivo llamado keyring.json.</translation>
    </message>
    <message>
        <source>Welcome to Willay</source>
        <translation>Le damos la bienvenida a Willay</translation>
    </message>
    <message>
        <source>An encrypted archive for documenting human-rights violations, kept on this computer and shared only with the partners you choose.</source>
        <translation>Un archivo cifrado para documentar violaciones de derechos humanos, guardado en esta computadora y compartido solo con las organizaciones aliadas que usted elija.</translation>
    </message>
    <message>
        <source>Folder for the new vault</source>
        <translation>Carpeta para la nueva bóveda</translation>
    </message>
    <message>
        <source>Vault folder</source>
        <translation>Carpeta de la bóveda</translation>
    </message>
    <message>
        <source>This folder is not a Willay vault: it has no keyring.json file.</source>
        <translation>Esta carpeta no es una bóveda de Willay: no tiene el archivo keyring.json.</translation>
    </message>
    <message>
        <source>The two passphrases are not the same.</source>
        <translation>Las dos frases de paso no son iguales.</translation>
    </message>
    <message>
        <source>The passphrase is too short: use at least 10 characters (a few unrelated words).</source>
        <translation>La frase de paso es demasiado corta: use al menos 10 caracteres (varias palabras sin relación).</translation>
    </message>
    <message>
        <source>A vault already exists in this folder. Open it instead, or choose another folder.</source>
        <translation>Ya existe una bóveda en esta carpeta. Ábrala, o elija otra carpeta.</translation>
    </message>
</context>
<context>
    <name>TaskDialog</name>
    <message>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Cerrar</translation>
    </message>
</context>
<context>
    <name>Testimonies</name>
    <message>
        <source>To transcribe: recorded, not yet written</source>
        <translation>Por transcribir: grabado, todavía sin escribir</translation>
    </message>
</context>
<context>
    <name>TestimonyEditor</name>
    <message>
        <source>Edit testimony</source>
        <translation>Editar testimonio</translation>
    </message>
    <message>
        <source>New testimony</source>
        <translation>Nuevo testimonio</translation>
    </message>
    <message>
        <source>Consent</source>
        <translation>Consentimiento</translation>
    </message>
    <message>
        <source>Witness</source>
        <translation>Testigo</translation>
    </message>
    <message>
        <source>New &amp;person…</source>
        <translation>Nueva &amp;persona…</translation>
    </message>
    <message>
        <source>Add a new person as witness</source>
        <translation>Agregar una persona nueva como testigo</translation>
    </message>
    <message>
        <source>Language of the testimony</source>
        <translation>Idioma del testimonio</translation>
    </message>
    <message>
        <source>Recorded on</source>
        <translation>Registrado el</translation>
    </message>
    <message>
        <source>Recorded at</source>
        <translation>Registrado en</translation>
    </message>
    <message>
        <source>Interviewer</source>
        <translation>Entrevistador(a)</translation>
    </message>
    <message>
        <source>Transcript</source>
        <translation>Transcripción</translation>
    </message>
    <message>
        <source>Type the testimony here, or record it below and transcribe it later.</source>
        <translation>Escriba aquí el testimonio, o grábelo abajo y transcríbalo después.</translation>
    </message>
    <message>
        <source>Translation</source>
        <translation>Traducción</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>Notas</translation>
    </message>
    <message>
        <source>About:</source>
        <translation>Sobre:</translation>
    </message>
    <message>
        <source>&amp;Witness:</source>
        <translation>&amp;Testigo:</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>&amp;Idioma:</translation>
    </message>
    <message>
        <source>&amp;Recorded on:</source>
        <translation>&amp;Registrado el:</translation>
    </message>
    <message>
        <source>Recorded &amp;at:</source>
        <translation>Registrado &amp;en:</translation>
    </message>
    <message>
        <source>&amp;Interviewer:</source>
        <translation>E&amp;ntrevistador(a):</translation>
    </message>
    <message>
        <source>&amp;Consent: who may see this testimony</source>
        <translation>&amp;Consentimiento: quién puede ver este testimonio</translation>
    </message>
    <message>
        <source>&amp;Transcript</source>
        <translation>Tran&amp;scripción</translation>
    </message>
    <message>
        <source>Tra&amp;nslation</source>
        <translation>Tra&amp;ducción</translation>
    </message>
    <message>
        <source>N&amp;otes</source>
        <translation>N&amp;otas</translation>
    </message>
    <message>
        <source>Testimony</source>
        <translation>Testimonio</translation>
    </message>
    <message>
        <source>Choose the witness…</source>
        <translation>Elija a la persona testigo…</translation>
    </message>
    <message>
        <source>Choose the witness, or add a new person.</source>
        <translation>Elija a la persona testigo, o agregue una persona nueva.</translation>
    </message>
</context>
<context>
    <name>Times</name>
    <message>
        <source>%1 (camera&apos;s clock)</source>
        <translation>%1 (hora de la cámara)</translation>
    </message>
</context>
<context>
    <name>TranscriptionDialog</name>
    <message>
        <source>Transcribe the testimony</source>
        <translation>Transcribir el testimonio</translation>
    </message>
    <message>
        <source>Recording</source>
        <translation>Grabación</translation>
    </message>
    <message>
        <source>Transcript</source>
        <translation>Transcripción</translation>
    </message>
    <message>
        <source>Translation</source>
        <translation>Traducción</translation>
    </message>
    <message>
        <source>Recording:</source>
        <translation>Grabación:</translation>
    </message>
    <message>
        <source>Transcript, in the words of the witness</source>
        <translation>Transcripción, con las palabras del testigo</translation>
    </message>
    <message>
        <source>Keys while typing: Ctrl+Space play or pause · Ctrl+R back 5 seconds · Ctrl+D slower · Ctrl+T write the time heard · Ctrl+S save</source>
        <translation>Teclas mientras escribe: Ctrl+Espacio reproducir o pausar · Ctrl+R atrás 5 segundos · Ctrl+D más lento · Ctrl+T escribir el momento que se oye · Ctrl+S guardar</translation>
    </message>
    <message>
        <source>This testimony has no recording yet.</source>
        <translation>Este testimonio todavía no tiene grabación.</translation>
    </message>
    <message>
        <source>Recordings cannot be played on this computer; use “Export original” in the media viewer.</source>
        <translation>Las grabaciones no se pueden reproducir en esta computadora; use «Exportar original» en el visor de archivos.</translation>
    </message>
    <message>
        <source>Decrypting the recording…</source>
        <translation>Descifrando la grabación…</translation>
    </message>
    <message>
        <source>Played from memory: no unencrypted copy is written to disk.</source>
        <translation>Se reproduce desde la memoria: no se escribe ninguna copia sin cifrar en el disco.</translation>
    </message>
    <message>
        <source>Speed: %1×</source>
        <translation>Velocidad: %1×</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>Guardado.</translation>
    </message>
    <message>
        <source>Save the transcript?</source>
        <translation>¿Guardar la transcripción?</translation>
    </message>
    <message>
        <source>The transcript or the translation changed. Save them before closing?</source>
        <translation>La transcripción o la traducción cambiaron. ¿Guardarlas antes de cerrar?</translation>
    </message>
</context>
<context>
    <name>UnlockPage</name>
    <message>
        <source>Passphrase</source>
        <translation>Frase de paso</translation>
    </message>
    <message>
        <source>&amp;Unlock</source>
        <translation>&amp;Desbloquear</translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation>Desbloquear</translation>
    </message>
    <message>
        <source>Unlocking</source>
        <translation>Desbloqueando</translation>
    </message>
    <message>
        <source>I &amp;forgot the passphrase…</source>
        <translation>&amp;Olvidé la frase de paso…</translation>
    </message>
    <message>
        <source>Use the recovery code</source>
        <translation>Usar el código de recuperación</translation>
    </message>
    <message>
        <source>Open or create &amp;another vault…</source>
        <translation>Abrir o crear o&amp;tra bóveda…</translation>
    </message>
    <message>
        <source>Recovery code</source>
        <translation>Código de recuperación</translation>
    </message>
    <message>
        <source>New passphrase</source>
        <translation>Nueva frase de paso</translation>
    </message>
    <message>
        <source>Repeat the new passphrase</source>
        <translation>Repita la nueva frase de paso</translation>
    </message>
    <message>
        <source>&amp;Set new passphrase and unlock</source>
        <translation>&amp;Poner la nueva frase y desbloquear</translation>
    </message>
    <message>
        <source>Recover with the recovery code</source>
        <translation>Recuperar con el código de recuperación</translation>
    </message>
    <message>
        <source>Type the recovery code you wrote down when the vault was created, and choose a new passphrase. The recovery code stays valid.</source>
        <translation>Escriba el código de recuperación que anotó al crear la bóveda y elija una nueva frase de paso. El código de recuperación sigue siendo válido.</translation>
    </message>
    <message>
        <source>Recovery &amp;code:</source>
        <translation>&amp;Código de recuperación:</translation>
    </message>
    <message>
        <source>&amp;New passphrase:</source>
        <translation>&amp;Nueva frase:</translation>
    </message>
    <message>
        <source>&amp;Repeat it:</source>
        <translation>R&amp;epítala:</translation>
    </message>
    <message>
        <source>&amp;Passphrase:</source>
        <translation>&amp;Frase de paso:</translation>
    </message>
    <message>
        <source>Unlock the vault</source>
        <translation>Desbloquear la bóveda</translation>
    </message>
    <message>
        <source>Vault: %s</source>
        <translation>Bóveda: %s</translation>
    </message>
    <message>
        <source>Type the passphrase.</source>
        <translation>Escriba la frase de paso.</translation>
    </message>
    <message>
        <source>Unlock the hub</source>
        <translation>Desbloquear el servidor central</translation>
    </message>
    <message>
        <source>Hub: %1
Coordinator: %2</source>
        <translation>Servidor central: %1
Persona coordinadora: %2</translation>
    </message>
    <message>
        <source>Open a vault or &amp;another hub…</source>
        <translation>Abrir una bóveda u o&amp;tro servidor central…</translation>
    </message>
    <message>
        <source>The two new passphrases are not the same.</source>
        <translation>Las dos nuevas frases no son iguales.</translation>
    </message>
    <message>
        <source>The new passphrase is too short: use at least 10 characters.</source>
        <translation>La nueva frase es demasiado corta: use al menos 10 caracteres.</translation>
    </message>
    <message>
        <source>%1 goes on; the keys are dropped as soon as it ends.</source>
        <translation>%1 sigue; las claves se borran de la memoria apenas termine.</translation>
    </message>
    <message>
        <source>%1 finished while the vault was locked.</source>
        <translation>%1 terminó mientras la bóveda estaba bloqueada.</translation>
    </message>
    <message>
        <source>%1 stopped while the vault was locked: %2</source>
        <translation>%1 se detuvo mientras la bóveda estaba bloqueada: %2</translation>
    </message>
    <message>
        <source>Locked after a time without use.</source>
        <translation>Bloqueada tras un tiempo sin uso.</translation>
    </message>
    <message>
        <source>Adding files</source>
        <translation>La incorporación de archivos</translation>
    </message>
    <message>
        <source>Importing the bundle</source>
        <translation>La importación del paquete</translation>
    </message>
    <message>
        <source>Exporting the bundle</source>
        <translation>La exportación del paquete</translation>
    </message>
    <message>
        <source>The evidence package</source>
        <translation>El paquete de evidencias</translation>
    </message>
    <message>
        <source>The redacted copy</source>
        <translation>La copia con partes ocultas</translation>
    </message>
    <message>
        <source>Removing the redacted copy</source>
        <translation>El retiro de la copia con partes ocultas</translation>
    </message>
    <message>
        <source>The receipt</source>
        <translation>El acuse de recibo</translation>
    </message>
    <message>
        <source>Freeing space</source>
        <translation>La liberación de espacio</translation>
    </message>
    <message>
        <source>The vault check</source>
        <translation>La revisión de la bóveda</translation>
    </message>
    <message>
        <source>Saving the original</source>
        <translation>El guardado del original</translation>
    </message>
    <message>
        <source>The work under way</source>
        <translation>El trabajo en curso</translation>
    </message>
    <message>
        <source>Files added: %1.</source>
        <translation>Archivos añadidos: %1.</translation>
    </message>
    <message>
        <source>New changes: %1; new originals: %2.</source>
        <translation>Cambios nuevos: %1; originales nuevos: %2.</translation>
    </message>
    <message>
        <source>Wrong passphrase. Check the keyboard layout and Caps Lock, and try again.</source>
        <translation>Frase de paso incorrecta. Revise la distribución del teclado y las mayúsculas, e intente de nuevo.</translation>
    </message>
    <message>
        <source>Check the keyboard layout and Caps Lock, and try again.</source>
        <translation>Revise la distribución del teclado y las mayúsculas, e intente de nuevo.</translation>
    </message>
    <message>
        <source>This recovery code does not open this vault.</source>
        <translation>Este código de recuperación no abre esta bóveda.</translation>
    </message>
</context>
<context>
    <name>Unsaved</name>
    <message>
        <source>Unsaved changes</source>
        <translation>Cambios sin guardar</translation>
    </message>
    <message>
        <source>Discard your changes?</source>
        <translation>¿Descartar los cambios?</translation>
    </message>
    <message>
        <source>What you typed here has not been saved. If you discard it, it is lost.</source>
        <translation>Lo que escribió aquí no se ha guardado. Si lo descarta, se pierde.</translation>
    </message>
    <message>
        <source>&amp;Discard</source>
        <translation>&amp;Descartar</translation>
    </message>
    <message>
        <source>&amp;Keep editing</source>
        <translation>&amp;Seguir editando</translation>
    </message>
</context>
<context>
    <name>VerifyDialog</name>
    <message>
        <source>Verify the hub</source>
        <translation>Verificar el servidor central</translation>
    </message>
    <message>
        <source>Verify the vault</source>
        <translation>Verificar la bóveda</translation>
    </message>
    <message>
        <source>Verification progress</source>
        <translation>Avance de la verificación</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Cerrar</translation>
    </message>
    <message>
        <source>Willay recomputes the signed custody log, every revision and every original kept here, and reports anything that does not match what was recorded.</source>
        <translation>Willay vuelve a calcular el registro de custodia firmado, cada revisión y cada original guardado aquí, e informa de todo lo que no coincida con lo registrado.</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>Verificando…</translation>
    </message>
    <message>
        <source>Checking: %1</source>
        <translation>Verificando: %1</translation>
    </message>
    <message>
        <source>custody events: %1, changes: %2 (signed by their authors: %3; older than signatures, attested: %4), originals: %5.</source>
        <translation>eventos de custodia: %1, cambios: %2 (firmados por quien los escribió: %3; anteriores a las firmas, atestados: %4), originales: %5.</translation>
    </message>
    <message>
        <source>Originals removed after partners confirmed them (not checked: their files are with the partners now): %1.</source>
        <translation>Originales retirados después de que las contrapartes confirmaron recibirlos (no se revisan: sus archivos están ahora con ellas): %1.</translation>
    </message>
    <message>
        <source>Everything verifies:</source>
        <translation>Todo se verifica:</translation>
    </message>
    <message>
        <source>Not listed here: %1 more.</source>
        <translation>No listados aquí: %1 más.</translation>
    </message>
    <message>
        <source>Items that do not verify: %1. They may have been altered or damaged on this disk; keep this list and compare with a backup or a partner&apos;s copy.</source>
        <translation>Elementos que no se verifican: %1. Pueden haber sido alterados o dañados en este disco; guarde esta lista y compárela con una copia de respaldo o la copia de una aliada.</translation>
    </message>
    <message>
        <source>Checked: %1</source>
        <translation>Verificado: %1</translation>
    </message>
</context>
<context>
    <name>Workspace</name>
    <message>
        <source>Sections</source>
        <translation>Secciones</translation>
    </message>
    <message>
        <source>Incidents</source>
        <translation>Hechos</translation>
    </message>
    <message>
        <source>People</source>
        <translation>Personas</translation>
    </message>
    <message>
        <source>Media</source>
        <translation>Archivos</translation>
    </message>
    <message>
        <source>Partners</source>
        <translation>Aliadas</translation>
    </message>
    <message>
        <source>Inbox</source>
        <translation>Bandeja de entrada</translation>
    </message>
    <message>
        <source>Reports</source>
        <translation>Informes</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>Buscar</translation>
    </message>
    <message>
        <source>Duplicates</source>
        <translation>Duplicados</translation>
    </message>
    <message>
        <source>Search (Ctrl+F)</source>
        <translation>Buscar (Ctrl+F)</translation>
    </message>
    <message>
        <source>Lock the vault (Ctrl+L)</source>
        <translation>Bloquear la bóveda (Ctrl+L)</translation>
    </message>
    <message>
        <source>Lock the vault</source>
        <translation>Bloquear la bóveda</translation>
    </message>
    <message>
        <source>Loc&amp;k</source>
        <translation>Bloq&amp;uear</translation>
    </message>
    <message>
        <source>Lock the hub (Ctrl+L)</source>
        <translation>Bloquear el servidor central (Ctrl+L)</translation>
    </message>
    <message>
        <source>Lock the hub</source>
        <translation>Bloquear el servidor central</translation>
    </message>
    <message>
        <source>Settin&amp;gs</source>
        <translation>Con&amp;figuración</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>Entendido</translation>
    </message>
    <message>
        <source>Close the note about drafts</source>
        <translation>Cerrar el aviso de borradores</translation>
    </message>
    <message>
        <source>Close the note</source>
        <translation>Cerrar el aviso</translation>
    </message>
    <message>
        <source>on the hub, as %1</source>
        <translation>en el servidor central, como %1</translation>
    </message>
    <message>
        <source>What you were typing in “%1” could not be saved as a draft, and is lost.</source>
        <translation>Lo que estaba escribiendo en «%1» no se pudo guardar como borrador y se perdió.</translation>
    </message>
    <message>
        <source>A testimony can be kept only once its witness is chosen.</source>
        <translation>Un testimonio solo se puede guardar cuando ya tiene elegido a su testigo.</translation>
    </message>
    <message>
        <source>testimony of %1</source>
        <translation>testimonio de %1</translation>
    </message>
    <message>
        <source>What you were typing in “%1” was saved as a draft.</source>
        <translation>Se guardó como borrador lo que estaba escribiendo en «%1».</translation>
    </message>
    <message>
        <source>adding files</source>
        <translation>agregando archivos</translation>
    </message>
    <message>
        <source>importing a bundle</source>
        <translation>importando un paquete</translation>
    </message>
    <message>
        <source>exporting a bundle</source>
        <translation>exportando un paquete</translation>
    </message>
    <message>
        <source>removing delivered originals</source>
        <translation>retirando originales entregados</translation>
    </message>
    <message>
        <source>making a redacted copy</source>
        <translation>ocultando partes de una foto</translation>
    </message>
    <message>
        <source>tidying the vault&apos;s files</source>
        <translation>ordenando los archivos de la bóveda</translation>
    </message>
    <message>
        <source>changing it</source>
        <translation>modificándola</translation>
    </message>
    <message>
        <source>another task in this window</source>
        <translation>otra tarea de esta ventana</translation>
    </message>
    <message>
        <source>another Willay window or command</source>
        <translation>otra ventana u orden de Willay</translation>
    </message>
    <message>
        <source>another Willay window or command (process %1, %2 since %3)</source>
        <translation>otra ventana u orden de Willay (proceso %1, %2 desde las %3)</translation>
    </message>
    <message>
        <source>The vault is being changed by %1. Your work waits for it and goes on by itself when it has finished (after two minutes it stops, and nothing is changed).</source>
        <translation>La bóveda está siendo modificada por %1. Su trabajo espera y sigue solo cuando aquella termine (a los dos minutos se detiene, sin cambiar nada).</translation>
    </message>
    <message>
        <source>Fiel&amp;d sets</source>
        <translation>Formulario&amp;s</translation>
    </message>
    <message>
        <source>Your organization&apos;s field sets</source>
        <translation>Los formularios de su organización</translation>
    </message>
    <message>
        <source>Coordina&amp;tors</source>
        <translation>Personas coor&amp;dinadoras</translation>
    </message>
    <message>
        <source>The hub&apos;s coordinators</source>
        <translation>Las personas coordinadoras del servidor central</translation>
    </message>
    <message>
        <source>Add files as evidence</source>
        <translation>Agregar archivos como evidencia</translation>
    </message>
    <message>
        <source>1 file added.</source>
        <translation>Se añadió 1 archivo.</translation>
    </message>
    <message>
        <source>%1 files added.</source>
        <translation>Se añadieron %1 archivos.</translation>
    </message>
    <message>
        <source>The new passphrase is set: use it from now on. The recovery code stays valid.</source>
        <translation>La nueva frase de paso quedó guardada: úsela desde ahora. El código de recuperación sigue siendo válido.</translation>
    </message>
</context>
</TS>
