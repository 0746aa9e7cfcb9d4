// App Service (Linux, Node 24 LTS) with a persistent /home for the JSON store, and the Azure Bot
// registration with the Teams channel. One instance only: the store has one owner (see README).
@maxLength(20)
@minLength(4)
param resourceBaseName string
param botAadAppClientId string
@secure()
param botAadAppClientSecret string
param allowedTenants string
param admins string = ''
param location string = resourceGroup().location

resource plan 'Microsoft.Web/serverfarms@2022-09-01' = {
  name: resourceBaseName
  location: location
  kind: 'linux'
  sku: { name: 'B1' }
  properties: { reserved: true }
}

resource web 'Microsoft.Web/sites@2022-09-01' = {
  name: resourceBaseName
  location: location
  kind: 'app,linux'
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    siteConfig: {
      linuxFxVersion: 'NODE|24-lts'
      alwaysOn: true
      appCommandLine: 'node dist/start.cjs'
      appSettings: [
        { name: 'NODE_ENV', value: 'production' }
        { name: 'BOT_ID', value: botAadAppClientId }
        { name: 'BOT_PASSWORD', value: botAadAppClientSecret }
        { name: 'BOT_TYPE', value: 'MultiTenant' }
        { name: 'KSF_STORE', value: '/home/data/ksf.json' }
        { name: 'KSF_ALLOWED_TENANTS', value: allowedTenants }
        { name: 'KSF_ADMINS', value: admins }
        { name: 'WEBSITES_ENABLE_APP_SERVICE_STORAGE', value: 'true' }
      ]
    }
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
