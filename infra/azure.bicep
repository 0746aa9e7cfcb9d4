// App Service (Linux, Node 24 LTS), the Azure Bot registration with the Teams channel, and where the
// bot keeps its data (storeKind):
//   postgres (default): Azure Database for PostgreSQL Flexible Server with the database `ksf`, and
//                       `instanceCount` App Service instances sharing it (KSF_DATABASE_URL).
//   json:               the embedded JSON store on the persistent /home; exactly one instance, whatever
//                       instanceCount says (the store has one owner: a pid lock, see README).
@maxLength(20)
@minLength(4)
param resourceBaseName string
param botAadAppClientId string
@secure()
param botAadAppClientSecret string
param allowedTenants string
param admins string = ''
param location string = resourceGroup().location

@allowed(['postgres', 'json'])
param storeKind string = 'postgres'

@description('App Service instances behind the load balancer (postgres only; json always runs one)')
@minValue(1)
@maxValue(10)
param instanceCount int = 2

@description('App Service plan: B1-B3 scale to 3 instances; a staging slot needs S1 or higher')
@allowed(['B1', 'B2', 'B3', 'S1', 'S2', 'S3', 'P0v3', 'P1v3', 'P2v3'])
param planSku string = 'B1'

@description('A "staging" deployment slot for swaps without downtime (postgres only; needs planSku S1 or higher)')
param stagingSlot bool = false

param dbAdminLogin string = 'ksfadmin'
@description('PostgreSQL admin password (postgres only): 8-128 characters from three of upper, lower, digits, symbols')
@secure()
param dbAdminPassword string = ''

@description('Standard_B1ms is Burstable (about 50 connections); Standard_D2s_v3 / Standard_D2ds_v5 General Purpose')
@allowed(['Standard_B1ms', 'Standard_B2s', 'Standard_D2s_v3', 'Standard_D2ds_v5'])
param dbSku string = 'Standard_B1ms'

@allowed(['15', '16'])
param dbVersion string = '16'

param dbStorageSizeGB int = 32

@description('Geo-redundant backups (can only be chosen when the server is created)')
param dbGeoRedundantBackup bool = false

@description('Connections each instance keeps to PostgreSQL at most (KSF_DB_POOL_SIZE): instances x pool must stay below the server limit')
@minValue(1)
@maxValue(100)
param dbPoolSize int = 10

var usePostgres = storeKind == 'postgres'
var databaseName = 'ksf'

resource postgres 'Microsoft.DBforPostgreSQL/flexibleServers@2024-08-01' = if (usePostgres) {
  name: '${toLower(resourceBaseName)}-pg'
  location: location
  sku: {
    name: dbSku
    tier: startsWith(dbSku, 'Standard_B') ? 'Burstable' : 'GeneralPurpose'
  }
  properties: {
    version: dbVersion
    administratorLogin: dbAdminLogin
    administratorLoginPassword: dbAdminPassword
    authConfig: { activeDirectoryAuth: 'Disabled', passwordAuth: 'Enabled' }
    storage: { storageSizeGB: dbStorageSizeGB, autoGrow: 'Enabled' }
    backup: {
      backupRetentionDays: 7
      geoRedundantBackup: dbGeoRedundantBackup ? 'Enabled' : 'Disabled'
    }
    highAvailability: { mode: 'Disabled' }
    network: { publicNetworkAccess: 'Enabled' }
  }
}

resource database 'Microsoft.DBforPostgreSQL/flexibleServers/databases@2024-08-01' = if (usePostgres) {
  parent: postgres
  name: databaseName
  properties: { charset: 'UTF8', collation: 'en_US.utf8' }
}

// 0.0.0.0-0.0.0.0 is Azure's rule for "allow public access from any Azure service" (App Service's outbound addresses)
resource allowAzureServices 'Microsoft.DBforPostgreSQL/flexibleServers/firewallRules@2024-08-01' = if (usePostgres) {
  parent: postgres
  name: 'AllowAllAzureServicesAndResourcesWithinAzureIps'
  properties: { startIpAddress: '0.0.0.0', endIpAddress: '0.0.0.0' }
}

resource plan 'Microsoft.Web/serverfarms@2022-09-01' = {
  name: resourceBaseName
  location: location
  kind: 'linux'
  sku: {
    name: planSku
    capacity: usePostgres ? instanceCount : 1
  }
  properties: { reserved: true }
}

var commonSettings = [
  { name: 'NODE_ENV', value: 'production' }
  { name: 'BOT_ID', value: botAadAppClientId }
  { name: 'BOT_PASSWORD', value: botAadAppClientSecret }
  { name: 'BOT_TYPE', value: 'MultiTenant' }
  { name: 'KSF_ALLOWED_TENANTS', value: allowedTenants }
  { name: 'KSF_ADMINS', value: admins }
  { name: 'WEBSITES_ENABLE_APP_SERVICE_STORAGE', value: 'true' }
]

// KSF_STORE is ignored when KSF_DATABASE_URL is set, so each kind gets only its own
var storeSettings = usePostgres ? [
  {
    name: 'KSF_DATABASE_URL'
    value: 'postgres://${uriComponent(dbAdminLogin)}:${uriComponent(dbAdminPassword)}@${postgres.properties.fullyQualifiedDomainName}:5432/${databaseName}?sslmode=require'
  }
  { name: 'KSF_DB_POOL_SIZE', value: string(dbPoolSize) }
] : [
  { name: 'KSF_STORE', value: '/home/data/ksf.json' }
]

var siteConfig = {
  linuxFxVersion: 'NODE|24-lts'
  alwaysOn: true
  appCommandLine: 'node dist/start.cjs'
  // the load balancer takes an instance whose /healthz fails out of rotation
  healthCheckPath: '/healthz'
  appSettings: concat(commonSettings, storeSettings)
}

resource web 'Microsoft.Web/sites@2022-09-01' = {
  name: resourceBaseName
  location: location
  kind: 'app,linux'
  dependsOn: [database, allowAzureServices]
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    // no sticky sessions: with PostgreSQL any instance serves any turn
    clientAffinityEnabled: false
    siteConfig: siteConfig
  }
}

resource staging 'Microsoft.Web/sites/slots@2022-09-01' = if (usePostgres && stagingSlot) {
  parent: web
  name: 'staging'
  location: location
  kind: 'app,linux'
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    clientAffinityEnabled: false
    siteConfig: siteConfig
  }
}

resource bot 'Microsoft.BotService/botServices@2021-03-01' = {
  name: resourceBaseName
  location: 'global'
  kind: 'azurebot'
  sku: { name: 'F0' }
  properties: {
    displayName: 'KSF'
    endpoint: 'https://${web.properties.defaultHostName}/api/messages'
    msaAppId: botAadAppClientId
  }
}

resource teamsChannel 'Microsoft.BotService/botServices/channels@2021-03-01' = {
  parent: bot
  name: 'MsTeamsChannel'
  location: 'global'
  properties: { channelName: 'MsTeamsChannel' }
}

output BOT_AZURE_APP_SERVICE_RESOURCE_ID string = web.id
output BOT_DOMAIN string = web.properties.defaultHostName
output KSF_DB_SERVER string = usePostgres ? postgres.properties.fullyQualifiedDomainName : ''
